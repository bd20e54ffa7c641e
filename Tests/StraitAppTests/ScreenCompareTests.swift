// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Screening
import StraitApp
import StraitCore
import Testing

@Suite("strait screen compare")
struct ScreenCompareTests {
    /// A labelled pair file: cross-script and Latin positives, different people as negatives, a
    /// FollowTheMoney schema, a column passed through, and a field that needs quoting.
    static let labelled = #"""
        id,name1,name2,schema,judgement,note
        1,Владимир Путин,"PUTIN, Vladimir Vladimirovich",Person,positive,cyrillic
        2,习近平,XI Jinping,Person,positive,chinese
        3,علي حسن المجيد التكريتي,ALI HASSAN AL-MAJID AL-TIKRITI,Person,positive,arabic
        4,김정은,"KIM, Jong Un",Person,positive,korean
        5,ACME TRADING CO. LTD,Acme Trading Company Limited,Company,positive,"legal form, spelled out"
        6,Vladimir Putin,Vladimir Nabokov,Person,negative,same first name
        7,ACME TRADING LLC,ACME PLUMBING SERVICES,Organization,negative,
        8,Mohammed bin Salman,Mohammed Ali,Person,negative,"quote ""inside"""
        9,Osama bin Laden,"BIN LADIN, Usama",,positive,no schema

        """#

    func temporary(_ name: String, _ contents: String) throws -> String {
        let path = NSTemporaryDirectory() + "strait-screen-compare-" + UUID().uuidString + "-" + name
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func scoresALabelledFileAndSummarises() throws {
        let path = try temporary("pairs.csv", Self.labelled)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ScreenCompare.compare(path: path)
        // The output parsed back: every input column unchanged, then score and match.
        let rows = Array(CSVReader([UInt8](result.csv)))
        #expect(rows.first == ["id", "name1", "name2", "schema", "judgement", "note", "score", "match"])
        #expect(rows.count == 10)
        let input = Array(CSVReader([UInt8](Data(Self.labelled.utf8))))
        for (row, original) in zip(rows.dropFirst(), input.dropFirst()) {
            #expect(Array(row.prefix(6)) == original)
            let score = try #require(Double(row[6]))
            #expect(score >= 0 && score <= 1 && row[6].split(separator: ".").last?.count == 4)
            #expect(row[7] == (score >= 0.82 ? "true" : "false"))
            #expect(row[7] == (row[4] == "positive" ? "true" : "false"), "\(row)")
        }
        #expect(rows[8][5] == "quote \"inside\"")
        let summary = result.summary
        #expect(summary.pairs == 9 && summary.matches == 6 && summary.threshold == 0.82)
        #expect(summary.labelColumn == "judgement" && summary.labelled == 9)
        #expect(summary.precision == 1 && summary.recall == 1 && summary.f1 == 1)
        #expect(summary.bestF1 == 1 && summary.bestThreshold != nil)
        #expect(summary.lines.count == 3 && summary.lines[1].contains("F1 1.0000"))
    }

    @Test func thresholdSchemasAndColumnNames() throws {
        // A stricter threshold turns imperfect matches into non-matches; an existing `match` label
        // column is kept and the prediction gets its own name.
        let text = "match,name2,name1\n1,\"AL-ZAWAHIRI, Ayman\",Ayman al-Zawahiry\n0,John Smith,Ayman al-Zawahiry\n"
        let strict = try ScreenCompare.compare(data: Data(text.utf8), threshold: 0.99)
        let rows = Array(CSVReader([UInt8](strict.csv)))
        #expect(rows[0] == ["match", "name2", "name1", "score", "predicted_match"])
        #expect(rows[1][4] == "false" && rows[2][4] == "false")
        #expect(strict.summary.recall == 0 && strict.summary.labelColumn == "match")
        let lenient = try ScreenCompare.compare(data: Data(text.utf8))
        #expect(Array(CSVReader([UInt8](lenient.csv)))[1][4] == "true" && lenient.summary.f1 == 1)
        // Without labels there are no precision figures.
        let unlabelled = try ScreenCompare.compare(data: Data("name1,name2\nA B,A B\n".utf8))
        #expect(unlabelled.summary.labelColumn == nil && unlabelled.summary.f1 == nil && unlabelled.summary.lines.count == 1)
        #expect(ScreenCompare.kind(schema: "LegalEntity") == .organization && ScreenCompare.kind(schema: "Vessel") == .vessel)
        #expect(ScreenCompare.kind(schema: "Person") == .person && ScreenCompare.kind(schema: "Thing") == nil)
        #expect(ScreenCompare.label("Positive") == true && ScreenCompare.label("0") == false && ScreenCompare.label("") == nil)
        // One way: name1 is the query, as in screening.
        let longFirst = Data("name1,name2\n\"PUTIN, Vladimir Vladimirovich\",Vladimir Putin\n".utf8)
        let oneWay = try ScreenCompare.compare(data: longFirst, eitherWay: false)
        let eitherWay = try ScreenCompare.compare(data: longFirst)
        #expect(oneWay.summary.matches == 0 && eitherWay.summary.matches == 1)
    }

    @Test func badInputNamesTheFileAndLine() throws {
        #expect(throws: ScreenCompare.InputError.self) { try ScreenCompare.compare(path: "/nonexistent/pairs.csv") }
        do {
            _ = try ScreenCompare.compare(path: "/nonexistent/pairs.csv")
        } catch {
            #expect(error.description == "/nonexistent/pairs.csv: no such file")
        }
        let cases: [(String, String)] = [
            ("name1,other\nA,B\n", ":1: missing column name2"),
            ("first,second\nA,B\n", ":1: missing column name1"),
            ("name1,name2\nA,B\n\"C,D\n", ":3: malformed CSV: unterminated quoted field"),
            ("name1,name2\nA,B\nC\n", ":3: 1 fields where the header has 2"),
            ("", ":1: empty file"),
        ]
        for (text, expected) in cases {
            let path = try temporary("bad.csv", text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try ScreenCompare.compare(path: path)
                Issue.record("no error for \(text)")
            } catch {
                #expect(error.file == path && error.description.hasPrefix(path + expected), "\(error.description)")
            }
        }
        #expect(throws: ScreenCompare.InputError.self) { try ScreenCompare.compare(data: Data("name1,name2\n".utf8), threshold: 1.5) }
    }

    @Test("the command: writes the file, summary on standard error, exit 1 on bad input")
    func command() async throws {
        func run(_ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
            try await withCheckedThrowingContinuation { continuation in
                Thread {
                    do { continuation.resume(returning: try StraitAppTests.runStrait(arguments)) } catch { continuation.resume(throwing: error) }
                }.start()
            }
        }
        let input = try temporary("pairs.csv", Self.labelled)
        let output = input + ".out.csv"
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: output)
        }
        let ok = try await run(["screen", "compare", "--pairs", input, "--out", output, "--threshold", "0.8"])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.err.contains("scored 9 pairs") && ok.err.contains("precision") && ok.err.contains("best F1"), "\(ok.err)")
        let rows = Array(CSVReader([UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))))
        #expect(rows.count == 10 && rows[0].suffix(2) == ["score", "match"])
        let missing = try await run(["screen", "compare", "--pairs", input + ".absent", "--out", output])
        #expect(missing.status == 1 && missing.err.contains(input + ".absent: no such file"), "\(missing.err)")
        let bad = try temporary("bad.csv", "a,b\n1,2\n")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let badColumns = try await run(["screen", "compare", "--pairs", bad, "--out", output])
        #expect(badColumns.status == 1 && badColumns.err.contains(bad + ":1: missing column name1"), "\(badColumns.err)")
    }
}
