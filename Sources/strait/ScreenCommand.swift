// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import ArgumentParser
import Foundation
import StraitApp

/// `strait screen …`: name screening from the command line.
struct ScreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Name screening: compare name pairs with the matcher.",
        subcommands: [Compare.self]
    )

    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a CSV file of name pairs (name1,name2[,schema][,label…]) and write them back with score and match.",
            discussion: """
                The input needs a header row with name1 and name2; schema (Person, Organization, Company, LegalEntity, Vessel, …) \
                is optional, other columns are copied. The output adds score (0…1) and match (true/false at the threshold). \
                A label column (match, label, judgement, is_match) with true/false, 1/0 or positive/negative adds precision, \
                recall and F1 to the summary on standard error. Exits 1 on bad input, 2 when the output cannot be written.
                """
        )

        @Option(help: "The CSV file of name pairs.") var pairs: String
        @Option(help: "Where to write the scored pairs (CSV).") var out: String
        @Option(help: "The match threshold (default: the matcher's, 0.82).") var threshold: Double?
        @Flag(help: "Score name1 as the query against name2 only (the score screening gives), not both ways.") var oneWay = false

        func run() async throws {
            let result: ScreenCompare.Result
            do {
                result = try ScreenCompare.compare(path: pairs, threshold: threshold, eitherWay: !oneWay)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            do {
                try result.csv.write(to: URL(fileURLWithPath: out))
            } catch {
                printError("\(out): cannot write: \(error.localizedDescription)")
                throw ExitCode(2)
            }
            for line in result.summary.lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
    }
}
