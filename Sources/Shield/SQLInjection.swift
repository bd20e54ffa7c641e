// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// A lexical token of SQL, as a database would split the input.
struct SQLToken: Equatable {
    enum Kind: Equatable {
        /// A quoted string; `terminated` is false when the input ends inside it.
        case string(terminated: Bool)
        case number
        /// A word: keyword, function or identifier (lower case).
        case word
        /// `@name` or `@@name`.
        case variable
        case `operator`
        case openParen, closeParen, comma, semicolon, dot
        /// `--`, `#` or a block comment.
        case comment
        case other
    }

    var kind: Kind
    var text: ArraySlice<UInt8>
}

/// An SQL tokenizer that understands strings, comments, numbers, operators and words, and can
/// start inside a quoted string (the input then injects into that string).
struct SQLTokenizer {
    /// Tokenizes `input` (lower-cased). `quote` is the string the input lands in (`'`, `"`), or nil.
    /// Linear in the input; at most `limit` tokens.
    static func tokens(_ input: [UInt8], inside quote: UInt8?, limit: Int = 512) -> (tokens: [SQLToken], brokeOut: Bool) {
        var tokens: [SQLToken] = []
        var i = 0
        var brokeOut = quote == nil
        if let quote {
            // The injected text continues a string: it breaks out at the first unescaped quote.
            while i < input.count {
                if input[i] == 0x5C {
                    i += 2
                    continue
                }
                if input[i] == quote {
                    if i + 1 < input.count, input[i + 1] == quote {
                        i += 2
                        continue
                    }
                    break
                }
                i += 1
            }
            guard i < input.count else { return ([], false) }
            brokeOut = true
            i += 1
        }
        let n = input.count
        while i < n, tokens.count < limit {
            let c = input[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0:
                i += 1
            case 0x27, 0x22, 0x60:  // ' " `
                let start = i
                i += 1
                var terminated = false
                while i < n {
                    if input[i] == 0x5C, c != 0x60 {
                        i += 2
                        continue
                    }
                    if input[i] == c {
                        if i + 1 < n, input[i + 1] == c {
                            i += 2
                            continue
                        }
                        terminated = true
                        i += 1
                        break
                    }
                    i += 1
                }
                let end = min(i, n)
                tokens.append(SQLToken(kind: c == 0x60 ? .word : .string(terminated: terminated), text: input[start..<end]))
            case 0x30...0x39:
                let start = i
                if c == 0x30, i + 1 < n, input[i + 1] == 0x78 {
                    i += 2
                    while i < n, Normalizer.hex(input[i]) != nil { i += 1 }
                } else {
                    while i < n, (0x30...0x39).contains(input[i]) || input[i] == 0x2E || input[i] == 0x65 { i += 1 }
                }
                tokens.append(SQLToken(kind: .number, text: input[start..<i]))
            case 0x2D where i + 1 < n && input[i + 1] == 0x2D:  // --
                tokens.append(SQLToken(kind: .comment, text: input[i..<n]))
                i = n
            case 0x23:  // #
                tokens.append(SQLToken(kind: .comment, text: input[i..<n]))
                i = n
            case 0x2F where i + 1 < n && input[i + 1] == 0x2A:  // /* … */
                if i + 2 < n, input[i + 2] == 0x21 {
                    // MySQL executable comment /*!…*/: its content is code.
                    i += 3
                    while i < n, (0x30...0x39).contains(input[i]) { i += 1 }
                    continue
                }
                let start = i
                i += 2
                while i + 1 < n, !(input[i] == 0x2A && input[i + 1] == 0x2F) { i += 1 }
                i = min(n, i + 2)
                tokens.append(SQLToken(kind: .comment, text: input[start..<i]))
            case 0x2A where i + 1 < n && input[i + 1] == 0x2F:  // the end of an executable comment
                i += 2
            case 0x40:  // @ @@
                let start = i
                i += 1
                if i < n, input[i] == 0x40 { i += 1 }
                while i < n, isWord(input[i]) { i += 1 }
                tokens.append(SQLToken(kind: .variable, text: input[start..<i]))
            case 0x28: tokens.append(SQLToken(kind: .openParen, text: input[i..<i + 1])); i += 1
            case 0x29: tokens.append(SQLToken(kind: .closeParen, text: input[i..<i + 1])); i += 1
            case 0x2C: tokens.append(SQLToken(kind: .comma, text: input[i..<i + 1])); i += 1
            case 0x3B: tokens.append(SQLToken(kind: .semicolon, text: input[i..<i + 1])); i += 1
            case 0x2E: tokens.append(SQLToken(kind: .dot, text: input[i..<i + 1])); i += 1
            case 0x3D, 0x3C, 0x3E, 0x21, 0x7C, 0x26, 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x5E, 0x7E:
                let start = i
                i += 1
                // Two-character operators: <= >= <> != || && := << >> ::
                if i < n, [0x3D, 0x3E, 0x7C, 0x26, 0x3C, 0x3A].contains(input[i]), c != 0x2B, c != 0x2D, c != 0x2A { i += 1 }
                tokens.append(SQLToken(kind: .operator, text: input[start..<i]))
            case 0x3A where i + 1 < n && input[i + 1] == 0x3A:
                tokens.append(SQLToken(kind: .operator, text: input[i..<i + 2]))
                i += 2
            default:
                if isWord(c) {
                    let start = i
                    while i < n, isWord(input[i]) { i += 1 }
                    tokens.append(SQLToken(kind: .word, text: input[start..<i]))
                } else {
                    tokens.append(SQLToken(kind: .other, text: input[i..<i + 1]))
                    i += 1
                }
            }
        }
        return (tokens, brokeOut)
    }

    @inline(__always) static func isWord(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x24 || byte >= 0x80
    }
}

/// SQL injection: the value is read as SQL three ways — as it is (a number or a bare fragment), and as
/// text that lands inside a `'…'` or `"…"` string — and each reading is judged by its structure:
/// `UNION SELECT`, tautologies after a boolean operator, stacked statements, a string broken out of
/// and closed by a comment, time and file functions, catalogue tables, statement shapes.
public struct SQLInjectionDetector: Detector {
    public init() {}

    static let statements: Set<[UInt8]> = wordSet("select insert update delete drop create alter truncate exec execute declare shutdown grant revoke merge replace call handler load rename")
    static let booleans: Set<[UInt8]> = wordSet("or and xor not div")
    static let comparisons: Set<[UInt8]> = wordSet("like rlike regexp is in between sounds glob match")
    static let dangerousFunctions: Set<[UInt8]> = wordSet(
        "sleep benchmark pg_sleep load_file extractvalue updatexml xp_cmdshell sp_executesql exp floor rand utl_inaddr utl_http dbms_pipe dbms_lock ctxsys sys_eval sys_exec json_keys group_concat concat_ws make_set elt char chr ascii ord hex unhex substring substr mid version database user current_user system_user session_user schema tables_in convert cast if ifnull nullif iif coalesce pg_read_file lo_import dblink openrowset opendatasource"
    )
    static let strongFunctions: Set<[UInt8]> = wordSet("sleep benchmark pg_sleep load_file extractvalue updatexml xp_cmdshell sp_executesql utl_inaddr utl_http dbms_pipe dbms_lock sys_eval sys_exec pg_read_file lo_import dblink openrowset opendatasource")
    static let catalogues: [[UInt8]] = ["information_schema", "sysobjects", "syscolumns", "sys.tables", "mysql.user", "pg_catalog", "pg_shadow", "sqlite_master", "all_tables", "user_tables", "msysobjects", "xp_cmdshell", "@@version", "@@datadir", "@@hostname", "waitfor delay", "waitfor time", "into outfile", "into dumpfile", "load data infile", "master..", "master.dbo", "exec master."].map { Array($0.utf8) }


    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        func consider(_ id: String, _ score: Int, _ reason: String) { found.consider(id, score, reason) }
        // Catalogue tables and server functions named anywhere in the value.
        for needle in Self.catalogues where value.find(needle) != nil {
            consider("sqli.catalogue", 5, "names \(String(decoding: needle, as: UTF8.self))")
            break
        }
        for quote: UInt8? in [nil, 0x27, 0x22] {
            let (tokens, brokeOut) = SQLTokenizer.tokens(value, inside: quote)
            guard brokeOut, !tokens.isEmpty else { continue }
            judge(tokens, breakout: quote != nil, consider: consider)
        }
        found.emit(.sqlInjection, into: &matches)
    }

    private func judge(_ tokens: [SQLToken], breakout: Bool, consider: (String, Int, String) -> Void) {
        let count = tokens.count
        func isWord(_ index: Int, _ set: Set<[UInt8]>) -> Bool {
            index < count && tokens[index].kind == .word && set.contains(Array(tokens[index].text))
        }
        func word(_ index: Int, _ text: String) -> Bool {
            index < count && tokens[index].kind == .word && tokens[index].text.elementsEqual(text.utf8)
        }
        func isOperand(_ index: Int) -> Bool {
            guard index < count else { return false }
            switch tokens[index].kind {
            case .number, .string, .variable: return true
            case .word: return !Self.statements.contains(Array(tokens[index].text)) && !Self.booleans.contains(Array(tokens[index].text))
            default: return false
            }
        }
        func isComparison(_ index: Int) -> Bool {
            guard index < count else { return false }
            if tokens[index].kind == .operator {
                let op = tokens[index].text
                return op.elementsEqual("=".utf8) || op.elementsEqual("<".utf8) || op.elementsEqual(">".utf8) || op.elementsEqual("<=".utf8)
                    || op.elementsEqual(">=".utf8) || op.elementsEqual("<>".utf8) || op.elementsEqual("!=".utf8) || op.elementsEqual("<=>".utf8)
            }
            return isWord(index, Self.comparisons)
        }
        func isBooleanOperator(_ index: Int) -> Bool {
            guard index < count else { return false }
            if tokens[index].kind == .operator { return tokens[index].text.elementsEqual("||".utf8) || tokens[index].text.elementsEqual("&&".utf8) }
            return isWord(index, Self.booleans)
        }
        // SQL-looking tokens only (no plain prose) between a break-out and a comment.
        func sqlish(_ range: Range<Int>) -> Bool {
            for index in range {
                switch tokens[index].kind {
                case .word:
                    let text = Array(tokens[index].text)
                    if !(Self.statements.contains(text) || Self.booleans.contains(text) || Self.comparisons.contains(text)
                        || Self.dangerousFunctions.contains(text) || ["from", "where", "union", "all", "order", "group", "by", "having", "limit", "null", "true", "false", "as", "into", "values", "set", "table", "procedure", "analyse", "collate", "nocase", "binary"].contains(where: { text.elementsEqual($0.utf8) }))
                    {
                        // An identifier next to an operator or a parenthesis reads as SQL.
                        let before = index > range.lowerBound ? tokens[index - 1].kind : .other
                        let after = index + 1 < count ? tokens[index + 1].kind : .other
                        if ![.operator, .openParen, .closeParen, .comma, .dot].contains(before) && ![.operator, .openParen, .dot].contains(after) { return false }
                    }
                case .other: return false
                default: continue
                }
            }
            return true
        }

        var statementShape = false
        for index in 0..<count {
            let token = tokens[index]
            // UNION [ALL|DISTINCT] SELECT
            if word(index, "union") {
                var next = index + 1
                while next < count, tokens[next].kind == .comment || word(next, "all") || word(next, "distinct") || tokens[next].kind == .openParen { next += 1 }
                if word(next, "select") { consider("sqli.union", 5, "UNION SELECT") }
            }
            // Stacked statement: ; followed by a statement keyword.
            if token.kind == .semicolon, isWord(index + 1, Self.statements) || word(index + 1, "waitfor") || word(index + 1, "if") {
                // A statement that continues as SQL: ;drop table, ;select … , ;exec xp_…, ;shutdown
                let next = index + 2
                let continues = next >= count
                    ? word(index + 1, "shutdown")
                    : (tokens[next].kind == .word || tokens[next].kind == .variable || tokens[next].kind == .operator && tokens[next].text.elementsEqual("*".utf8)
                        || tokens[next].kind == .number || tokens[next].kind == .openParen || tokens[next].kind == .string(terminated: true))
                consider("sqli.stacked", continues ? 5 : 3, "a second statement after ';'")
            }
            // Time, file and error-based functions called.
            if token.kind == .word, index + 1 < count, tokens[index + 1].kind == .openParen, Self.strongFunctions.contains(Array(token.text)) {
                consider("sqli.function", 5, "calls \(String(decoding: token.text, as: UTF8.self))()")
            }
            // Tautology or contradiction after a boolean operator: OR 1=1, AND 'a'='a', OR 2>1, OR x LIKE x, OR 1 -- …
            if isBooleanOperator(index) {
                var next = index + 1
                if word(next, "not") { next += 1 }
                if isOperand(next) {
                    var after = next + 1
                    // A function call as operand: or sleep(5), and ascii(substring(…))>1
                    if after < count, tokens[after].kind == .openParen {
                        var depth = 0
                        while after < count {
                            if tokens[after].kind == .openParen { depth += 1 }
                            if tokens[after].kind == .closeParen {
                                depth -= 1
                                if depth == 0 { after += 1; break }
                            }
                            after += 1
                        }
                        if Self.dangerousFunctions.contains(Array(tokens[next].text)) { consider("sqli.boolean-function", breakout ? 5 : 4, "a boolean test on a function") }
                    }
                    if isComparison(after) {
                        if word(after, "is") || isOperand(after + 1) || word(after + 1, "not") || (after + 1 < count && tokens[after + 1].kind == .openParen) {
                            let literal = tokens[next].kind == .number || tokens[next].kind != .word
                            consider("sqli.tautology", breakout || literal ? 5 : 3, "a tautology after a boolean operator")
                        }
                    } else if breakout, tokens[next].kind == .number || tokens[next].kind == .string(terminated: false) || word(next, "true") || word(next, "false") {
                        // ' or 1 -- / ' or true / " or "x
                        if after >= count || tokens[after].kind == .comment || tokens[after].kind == .semicolon {
                            consider("sqli.tautology", 5, "a constant truth after breaking out of a string")
                        }
                    }
                }
            }
            // Statement shapes: select … from, insert into, update … set, delete from, drop table, order by n.
            if word(index, "select"), (index + 1..<min(count, index + 12)).contains(where: { word($0, "from") }) { statementShape = true }
            if word(index, "insert"), word(index + 1, "into") { statementShape = true }
            if word(index, "delete"), word(index + 1, "from") { statementShape = true }
            if word(index, "drop"), word(index + 1, "table") || word(index + 1, "database") { statementShape = true }
            if word(index, "update"), (index + 2..<max(index + 2, min(count, index + 4))).contains(where: { word($0, "set") }) { statementShape = true }
            if breakout, word(index, "order") || word(index, "group"), word(index + 1, "by"), index + 2 < count, tokens[index + 2].kind == .number {
                consider("sqli.order-by", 5, "ORDER/GROUP BY a column number after breaking out")
            }
            if word(index, "having"), isOperand(index + 1), isComparison(index + 2) { consider("sqli.having", 4, "HAVING with a comparison") }
        }
        // A subquery: ( SELECT … FROM
        var subquery = false
        for index in 0..<count where tokens[index].kind == .openParen && word(index + 1, "select") {
            subquery = true
            if (index + 2..<min(count, index + 40)).contains(where: { word($0, "from") }) { consider("sqli.subquery", 5, "a (SELECT … FROM …) subquery") }
        }
        if statementShape { consider("sqli.statement", breakout || subquery ? 5 : 3, "an SQL statement") }
        if breakout {
            // A string closed then the rest of the query commented out: admin'--, ' or 1=1 #
            if let comment = tokens.firstIndex(where: { $0.kind == .comment }), comment <= 12, sqlish(0..<comment) {
                consider("sqli.comment", 5, "breaks out of a string and comments out the rest")
            }
            // A string closed then SQL: ') or (', '||(select …', ';select
            if count >= 2, tokens[0].kind == .closeParen || tokens[0].kind == .operator || tokens[0].kind == .semicolon, sqlish(0..<min(count, 6)),
                tokens.contains(where: { $0.kind == .word && (Self.statements.contains(Array($0.text)) || Self.strongFunctions.contains(Array($0.text))) })
            {
                consider("sqli.breakout", 5, "breaks out of a string into SQL")
            }
        }
    }
}
