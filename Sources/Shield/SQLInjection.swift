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
            // Backslashes are not escapes here: in standard SQL they are literal, and where they
            // escape (MySQL), `\'` is the classic way around an application that adds one itself.
            while i < input.count {
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
            case 0x2D where i + 1 < n && input[i + 1] == 0x2D, 0x23:  // -- or # to the end of the line
                // One that ends at a line break with SQL after it is white space (1--x\nAND--y\n2>1), like a
                // closed block comment; one that runs to the end comments the rest of the query out.
                let start = i
                while i < n, input[i] != 0x0A { i += 1 }
                var rest = i
                while rest < n, input[rest] == 0x20 || input[rest] == 0x09 || input[rest] == 0x0A || input[rest] == 0x0D { rest += 1 }
                if rest >= n { tokens.append(SQLToken(kind: .comment, text: input[start..<n])) }
                i = rest
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
                let closed = i + 1 < n
                i = min(n, i + 2)
                // A closed comment inside the input is white space (DROP/**/TABLE); one that runs to
                // the end comments the rest of the query out, like `--`.
                var rest = i
                while rest < n, input[rest] == 0x20 || input[rest] == 0x09 || input[rest] == 0x0A || input[rest] == 0x0D { rest += 1 }
                if !closed || rest >= n { tokens.append(SQLToken(kind: .comment, text: input[start..<i])) }
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

/// SQL injection: the value is read as SQL three ways — as it is (a bare fragment, or a number the
/// query continues after), and as text that lands inside a `'…'` or `"…"` string — and each reading
/// is judged by its structure: `UNION SELECT`, tautologies after a boolean operator, stacked and
/// leading statements recognised by their grammar, a string broken out of and commented out or
/// reopened, time, file and error functions, subqueries and catalogue tables.
///
/// A string reading counts only when what follows the quote reads as SQL (an operator, `)`, `;`,
/// a comment or a keyword such as `or`/`union`): prose with apostrophes (`O'Brien`, `don't select`)
/// continues with letters and is not judged as a break-out.
public struct SQLInjectionDetector: Detector {
    public init() {}

    /// A comment marker glued to a letter or digit: `#1`, `--xyz`.
    static func glued(_ comment: ArraySlice<UInt8>) -> Bool {
        let marker = comment.first == 0x23 ? 1 : 2
        guard comment.count > marker else { return false }
        return Normalizer.isAlnum(comment[comment.startIndex + marker])
    }

    /// How a reading reaches SQL: a bare fragment, after a leading number (`1 or 1=1`, `1) union …`),
    /// or after breaking out of a string.
    enum Reading { case bare, number, string }

    static let statements: Set<[UInt8]> = wordSet("select insert update delete drop create alter truncate exec execute declare shutdown grant revoke merge replace call handler load rename")
    static let booleans: Set<[UInt8]> = wordSet("or and xor not div")
    static let comparisons: Set<[UInt8]> = wordSet("like rlike regexp is in between sounds glob match ilike similar notnull isnull")
    /// Functions a boolean test or an error/blind probe uses.
    static let dangerousFunctions: Set<[UInt8]> = wordSet(
        "sleep benchmark pg_sleep load_file extractvalue updatexml xp_cmdshell sp_executesql exp floor rand utl_inaddr utl_http dbms_pipe dbms_lock ctxsys sys_eval sys_exec json_keys group_concat concat_ws make_set elt char chr ascii ord hex unhex substring substr mid version database user current_user system_user session_user schema tables_in convert cast if ifnull nullif iif coalesce pg_read_file lo_import dblink openrowset opendatasource"
    )
    /// SQL functions: a call to one in a boolean test or a comparison reads as SQL.
    static let sqlFunctions: Set<[UInt8]> = dangerousFunctions.union(wordSet(
        "length len char_length character_length octet_length bit_length count sum min max avg concat lower upper lcase ucase left right trim ltrim rtrim replace reverse instr locate position strcmp conv bin oct md5 sha sha1 sha2 now sysdate curdate current_date current_timestamp db_name schema_name user_name suser_name suser_sname host_name is_srvrolemember is_member object_id object_name col_name has_dbaccess nchar unicode ascii_str isnull nvl nvl2 decode instrb lengthb regexp_substr regexp_like xmltype getdate rownum row_count found_rows last_insert_id connection_id uuid pi sign abs cot cos sin tan log ln power pow sqrt mod round ceil ceiling json_extract json_value json_query json_object json_array jsonb_pretty to_char to_number to_date quote_ident quote_literal current_database current_schema inet_server_addr pg_backend_pid datalength stuff soundex difference space replicate newid serverproperty updating randomblob sqlite_version typeof zeroblob name_const uncompress compress aes_decrypt aes_encrypt des_decrypt encode"
    ))
    static let strongFunctions: Set<[UInt8]> = wordSet("sleep benchmark pg_sleep load_file extractvalue updatexml xp_cmdshell sp_executesql utl_inaddr utl_http dbms_pipe dbms_lock sys_eval sys_exec pg_read_file lo_import dblink openrowset opendatasource")
    static let catalogues: [[UInt8]] = tables + nestedKeywords
    /// Keywords written inside themselves (`ununionion`, `selselectect`): what is left once a filter
    /// strips the keyword once. No word of any language reads so.
    static let nestedKeywords: [[UInt8]] = bytes("union select insert update delete from where sleep benchmark concat").flatMap { keyword in
        (1..<keyword.count).map { Array(keyword[..<$0]) + keyword + Array(keyword[$0...]) }
    }
    static let catalogueSet = NeedleSet(catalogues)
    static let tables: [[UInt8]] = ["information_schema", "sysobjects", "syscolumns", "sys.tables", "mysql.user", "pg_catalog", "pg_shadow", "sqlite_master", "all_tables", "user_tables", "msysobjects", "xp_cmdshell", "@@version", "@@datadir", "@@hostname", "waitfor delay", "waitfor time", "into outfile", "into dumpfile", "load data infile", "master..", "master.dbo", "exec master.", "dbms_pipe.", "dbms_lock.", "dbms_ldap.", "dbms_xmlgen.", "utl_http.", "utl_inaddr.", "utl_file.", "ctxsys.drithsx", "procedure analyse("].map { Array($0.utf8) }
    /// Words that continue SQL right after a closing quote (`' or …`, `'union …`, `' order by …`).
    static let continuations: Set<[UInt8]> = booleans.union(comparisons).union(statements).union(wordSet(
        "mod union order group having limit offset procedure into collate waitfor where from as if case when then else end escape returning join on with except intersect minus fetch"
    ))
    /// Words that read as SQL between a break-out and a comment.
    static let keywords: Set<[UInt8]> = statements.union(booleans).union(comparisons).union(sqlFunctions).union(continuations).union(wordSet(
        "all distinct by null true false values set table procedure analyse nocase binary dual top asc desc char varchar nvarchar int integer signed unsigned using sysdatabases"
    ))
    /// Words statement() recognises, and their first letters (a cheap first test).
    static let statementWords: Set<[UInt8]> = statements.union(wordSet("waitfor set if desc describe show use backup copy"))
    static let statementInitials: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for word in statementWords { table[Int(word[0])] = true }
        return table
    }()
    /// Tables an attack names (`drop table users`).
    static let tableNames: Set<[UInt8]> = wordSet("users user admin admins accounts account members customers passwords logins sessions orders products employees")
    /// Tables of accounts and secrets an attack reads (`select password from users`).
    static let credentialTables: Set<[UInt8]> = wordSet("users user admin admins accounts members customers passwords logins employees credentials")
    /// Objects a DDL statement names: `drop table`, `create user`, …
    static let objects: Set<[UInt8]> = wordSet("table database schema procedure function view user index trigger login sequence")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        func consider(_ id: String, _ score: Int, _ reason: String) { found.consider(id, score, reason) }
        // Catalogue tables and server functions named anywhere in the value.
        if let index = Self.catalogueSet.firstIndex(in: value) {
            if index < Self.tables.count {
                consider("sqli.catalogue", 5, "names \(String(decoding: Self.catalogues[index], as: UTF8.self))")
            } else {
                consider("sqli.nested-keyword", 5, "\(String(decoding: Self.catalogues[index], as: UTF8.self)): a keyword nested in itself")
            }
        }
        // A probe made only of quotes and closing punctuation: ', ", '), '; , \', '"
        // (an empty literal, '' or "", is not one)
        if value.count <= 8, value.contains(where: { $0 == 0x27 || $0 == 0x22 || $0 == 0x60 }),
            value.allSatisfy({ [0x27, 0x22, 0x60, 0x29, 0x3B, 0x5C, 0x20, 0x2D, 0x23, 0x2F, 0x2A].contains($0) }),
            !(value.filter { $0 != 0x20 }.count == 2 && value.first(where: { $0 != 0x20 }) == value.last(where: { $0 != 0x20 }))
        {
            consider("sqli.quote-probe", 5, "only quotes and closing punctuation")
        }
        // Keywords split by comments (`un/**/ion sel/*x*/ect`): read once more with them joined, as a
        // filter that strips comments would pass them on.
        let joined = Self.joiningSplitWords(value)
        for input in joined.map({ [value, $0] }) ?? [value] {
            read(input, consider: consider)
        }
        found.emit(.sqlInjection, into: &matches)
    }

    /// The value with the block comments that sit between two word bytes removed, if it has any.
    static func joiningSplitWords(_ value: [UInt8]) -> [UInt8]? {
        guard value.has("*/") else { return nil }
        let n = value.count
        var output: [UInt8] = []
        var changed = false
        var i = 0
        var copied = 0
        while i + 3 < n {
            if value[i] == 0x2F, value[i + 1] == 0x2A, value[i + 2] != 0x21, i > 0, SQLTokenizer.isWord(value[i - 1]) {
                var j = i + 2
                while j + 1 < n, j < i + 66, !(value[j] == 0x2A && value[j + 1] == 0x2F) { j += 1 }
                if j + 2 < n, value[j] == 0x2A, value[j + 1] == 0x2F, SQLTokenizer.isWord(value[j + 2]) {
                    if !changed { output.reserveCapacity(n) }
                    output.append(contentsOf: value[copied..<i])
                    copied = j + 2
                    changed = true
                    i = j + 2
                    continue
                }
            }
            i += 1
        }
        guard changed else { return nil }
        output.append(contentsOf: value[copied...])
        return output
    }

    /// Reads the value as SQL three ways and judges each reading.
    private func read(_ value: [UInt8], consider: (String, Int, String) -> Void) {
        for quote: UInt8? in [nil, 0x27, 0x22] {
            let (tokens, brokeOut) = SQLTokenizer.tokens(value, inside: quote)
            guard brokeOut, !tokens.isEmpty else { continue }
            let reading: Reading
            if quote != nil {
                guard Self.opensInjection(tokens) else { continue }
                reading = .string
            } else {
                reading = Self.numericPrefix(tokens) ? .number : .bare
            }
            judge(tokens, reading, consider: consider)
        }
    }

    /// What follows a closing quote reads as SQL: an operator, `)`, `,`, `;`, a comment or a keyword.
    static func opensInjection(_ tokens: [SQLToken]) -> Bool {
        switch tokens[0].kind {
        case .operator: return !(tokens[0].text.elementsEqual("&".utf8) && tokens.count > 1 && tokens[1].kind == .word)  // "&name;" is an entity, not SQL
        case .closeParen, .semicolon, .comment, .comma: return true
        case .word:
            if continuations.contains(Array(tokens[0].text)) { return true }
            // A time or file function called right after the quote: ' sleep(5) ', " benchmark(9e6,md5(1)) "
            guard tokens.count > 2, tokens[1].kind == .openParen, strongFunctions.contains(Array(tokens[0].text)) else { return false }
            return tokens[2].kind == .number || tokens[2].kind == .variable || tokens[2].kind == .openParen || tokens[2].kind == .string(terminated: true) || tokens[2].kind == .word && tokens.count > 3 && tokens[3].kind == .openParen
        default: return false
        }
    }

    /// The value starts with a number that the query continues after: `1 or 1=1`, `-1 union …`, `1) and (…`.
    static func numericPrefix(_ tokens: [SQLToken]) -> Bool {
        var k = 0
        if tokens[0].kind == .operator, tokens[0].text.elementsEqual("-".utf8) { k = 1 }
        guard k + 1 < tokens.count, tokens[k].kind == .number else { return false }
        let next = tokens[k + 1]
        switch next.kind {
        case .closeParen, .semicolon: return true
        case .operator: return next.text.elementsEqual("||".utf8) || next.text.elementsEqual("&&".utf8)
        case .word:
            return ["or", "and", "xor", "union", "order", "group", "having", "limit", "procedure", "into", "div", "like", "rlike", "regexp", "waitfor", "not"]
                .contains { next.text.elementsEqual($0.utf8) }
        default: return false
        }
    }

    private func judge(_ tokens: [SQLToken], _ reading: Reading, consider: (String, Int, String) -> Void) {
        let count = tokens.count
        let breakout = reading != .bare
        func text(_ index: Int) -> [UInt8] { Array(tokens[index].text) }
        func isWord(_ index: Int, _ set: Set<[UInt8]>) -> Bool {
            index < count && tokens[index].kind == .word && set.contains(text(index))
        }
        func word(_ index: Int, _ string: String) -> Bool {
            index < count && tokens[index].kind == .word && tokens[index].text.elementsEqual(string.utf8)
        }
        func kind(_ index: Int) -> SQLToken.Kind? { index < count ? tokens[index].kind : nil }
        func op(_ index: Int, _ string: String) -> Bool {
            index < count && tokens[index].kind == .operator && tokens[index].text.elementsEqual(string.utf8)
        }
        func isOperand(_ index: Int) -> Bool {
            guard index < count else { return false }
            switch tokens[index].kind {
            case .number, .string, .variable: return true
            case .word: return !Self.statements.contains(text(index)) && !Self.booleans.contains(text(index))
            default: return false
            }
        }
        func isLiteral(_ index: Int) -> Bool {
            guard let k = kind(index) else { return false }
            switch k {
            case .number, .string, .variable: return true
            case .word: return word(index, "null") || word(index, "true") || word(index, "false")
            default: return false
            }
        }
        /// 2 for `=`-like comparisons, 1 for ordering ones (`<`, `>`), 0 for none.
        func comparison(_ index: Int) -> Int {
            guard index < count else { return 0 }
            if tokens[index].kind == .operator {
                let o = tokens[index].text
                if o.elementsEqual("=".utf8) || o.elementsEqual("==".utf8) || o.elementsEqual("<>".utf8) || o.elementsEqual("!=".utf8) || o.elementsEqual("<=>".utf8) { return 2 }
                if o.elementsEqual("<".utf8) || o.elementsEqual(">".utf8) || o.elementsEqual("<=".utf8) || o.elementsEqual(">=".utf8) { return 1 }
                return 0
            }
            guard isWord(index, Self.comparisons) else { return 0 }
            // Word operators by their grammar: BETWEEN x AND y, IN (…), IS [NOT] NULL, SOUNDS LIKE.
            if word(index, "between") { return isOperand(index + 1) && word(index + 2, "and") ? 2 : 0 }
            if word(index, "in") { return kind(index + 1) == .openParen ? 2 : 0 }
            if word(index, "is") { return ["null", "not", "true", "false", "unknown"].contains { word(index + 1, $0) } ? 2 : 0 }
            if word(index, "sounds") { return word(index + 1, "like") ? 2 : 0 }
            return 2
        }
        func isArithmetic(_ index: Int) -> Bool {
            guard tokens[index].text.count == 1, let o = tokens[index].text.first else { return false }
            return o == 0x2B || o == 0x2D || o == 0x2A || o == 0x2F || o == 0x25
        }
        func isBooleanOperator(_ index: Int) -> Bool {
            guard index < count else { return false }
            if tokens[index].kind == .operator { return tokens[index].text.elementsEqual("||".utf8) || tokens[index].text.elementsEqual("&&".utf8) }
            // (first letters of or/and/xor/div before the set lookup: most words are none of them)
            guard tokens[index].kind == .word, let first = tokens[index].text.first, first == 0x6F || first == 0x61 || first == 0x78 || first == 0x64,
                tokens[index].text.count <= 3
            else { return false }
            return isWord(index, Self.booleans)
        }
        /// The index after the parenthesised group opening at `index` (bounded look-ahead).
        func skipGroup(_ index: Int) -> Int {
            var depth = 0
            var j = index
            while j < count, j < index + 96 {
                if tokens[j].kind == .openParen { depth += 1 }
                if tokens[j].kind == .closeParen {
                    depth -= 1
                    if depth == 0 { return j + 1 }
                }
                j += 1
            }
            return j
        }
        /// A call of a known SQL function at `index`.
        func isCall(_ index: Int) -> Bool { isWord(index, Self.sqlFunctions) && kind(index + 1) == .openParen }
        // SQL-looking tokens only (no plain prose) in a range.
        func sqlish(_ range: Range<Int>) -> Bool {
            for index in range {
                switch tokens[index].kind {
                case .word:
                    if !Self.keywords.contains(text(index)) {
                        // An identifier next to an operator, a parenthesis or a keyword that names one reads as SQL.
                        let before = index > range.lowerBound ? tokens[index - 1].kind : .other
                        let after = index + 1 < count ? tokens[index + 1].kind : .other
                        let named = index > 0 && (["by", "from", "into", "table", "update", "as", "join", "select", "where", "on", "exists", "collate"].contains { word(index - 1, $0) })
                        if !named && ![.operator, .openParen, .closeParen, .comma, .dot].contains(before) && ![.operator, .openParen, .dot, .comma].contains(after) { return false }
                    }
                case .other: return false
                default: continue
                }
            }
            return true
        }
        /// How surely a statement starts at `i`: 2 by its grammar (`select a,b from t`, `drop table t;`,
        /// `insert into t values`), 1 a statement keyword with something after it, 0 none.
        func statement(_ i: Int) -> Int {
            guard i < count, tokens[i].kind == .word, let first = tokens[i].text.first, Self.statementInitials[Int(first)],
                Self.statementWords.contains(text(i))
            else { return 0 }
            let w = tokens[i].text
            let ends: (Int) -> Bool = { j in j >= count || [.semicolon, .comment, .closeParen, .comma].contains(tokens[j].kind) }
            if w.elementsEqual("select".utf8) {
                var j = i + 1
                var strong = false
                while j < count, j < i + 17, !word(j, "from") {
                    switch tokens[j].kind {
                    case .comma, .openParen, .number, .variable, .dot: strong = true
                    case .operator where op(j, "*"): strong = true
                    case .word where word(j, "null") || isCall(j) || word(j, "distinct") || word(j, "top"): strong = true
                    case .word, .string, .operator, .closeParen: break
                    default: j = count
                    }
                    j += 1
                }
                if word(j, "from"), j > i + 1 {
                    if strong { return 2 }
                    let t = j + 1
                    if t < count, tokens[t].kind == .word {
                        // select password from users (the whole value), select x from wp_users
                        if t + 1 >= count, isWord(t, Self.credentialTables) || tokens[t].text.contains(0x5F) { return 2 }
                        if kind(t + 1) == .dot || ends(t + 1) && t + 1 < count || ["where", "limit", "union", "order", "group", "join"].contains(where: { word(t + 1, $0) }) && (!word(t + 1, "where") || comparison(t + 3) > 0) {
                            return 2
                        }
                    }
                    return 1
                }
                // select 1,2 — select @@version — select sleep(5) — select null
                if kind(i + 1) == .variable || isCall(i + 1) || kind(i + 1) == .openParen || isWord(i + 1, Self.strongFunctions) { return 2 }
                // (not a string left open to the end: `"select" committee met …` is a quoted word)
                if isLiteral(i + 1), kind(i + 1) != .string(terminated: false), ends(i + 2) || word(i + 2, "from") || word(i + 2, "union") { return 2 }
                return i + 1 < count ? 1 : 0
            }
            if w.elementsEqual("insert".utf8) || w.elementsEqual("replace".utf8) {
                guard word(i + 1, "into") || w.elementsEqual("replace".utf8) else { return 0 }
                for j in (i + 2)..<min(count, i + 24) where (word(j, "values") || word(j, "select") || word(j, "set")) && j > i + 2 {
                    return 2
                }
                return word(i + 1, "into") && kind(i + 2) == .word ? 1 : 0
            }
            if w.elementsEqual("update".utf8) {
                guard kind(i + 1) == .word else { return 0 }
                var s = i + 2
                if kind(s) == .dot { s += 2 }
                if word(s, "set"), kind(s + 1) == .word, comparison(s + 2) == 2 || op(s + 2, ":=") { return 2 }
                return 0
            }
            if w.elementsEqual("delete".utf8) {
                guard word(i + 1, "from"), kind(i + 2) == .word else { return 0 }
                var t = i + 3
                if kind(t) == .dot { t += 2 }
                if ends(t) && t < count || word(t, "where") && comparison(t + 2) > 0 { return 2 }
                return 1
            }
            if w.elementsEqual("drop".utf8) || w.elementsEqual("truncate".utf8) || w.elementsEqual("create".utf8) || w.elementsEqual("alter".utf8) {
                guard isWord(i + 1, Self.objects) || w.elementsEqual("truncate".utf8) && kind(i + 1) == .word else { return 0 }
                var t = word(i + 1, "table") || !w.elementsEqual("truncate".utf8) ? i + 2 : i + 1
                if word(t, "if") { t += word(t + 1, "not") ? 3 : 2 }
                guard kind(t) == .word else { return 0 }
                if kind(t + 1) == .dot { t += 2 }
                if ends(t + 1) || kind(t + 1) == .openParen || word(t + 1, "cascade") {
                    // "drop table tennis" is prose; "drop database shop", "drop table users" are not
                    let object = !word(i + 1, "table") && !w.elementsEqual("truncate".utf8)
                    return t + 1 < count || w.elementsEqual("drop".utf8) == false || object || isWord(t, Self.tableNames) || tokens[t].text.contains(0x5F) ? 2 : 1
                }
                if w.elementsEqual("alter".utf8), ["add", "drop", "modify", "change", "rename", "set", "with", "identified", "alter", "owner"].contains(where: { word(t + 1, $0) }) { return 2 }
                if w.elementsEqual("create".utf8), ["identified", "returns", "as", "with"].contains(where: { word(t + 1, $0) }) { return 2 }
                return 1
            }
            if w.elementsEqual("exec".utf8) || w.elementsEqual("execute".utf8) {
                guard i + 1 < count else { return 0 }
                if kind(i + 1) == .openParen && (kind(i + 2) == .variable || kind(i + 2) == .string(terminated: true)) || kind(i + 1) == .variable || word(i + 1, "immediate") || word(i + 1, "master") { return 2 }
                if kind(i + 1) == .word, tokens[i + 1].text.starts(with: "xp_".utf8) || tokens[i + 1].text.starts(with: "sp_".utf8) { return 2 }
                return 1
            }
            if w.elementsEqual("declare".utf8) { return kind(i + 1) == .variable ? 2 : 0 }
            // BACKUP DATABASE x TO DISK=…, COPY t TO '/tmp/x', COPY (SELECT …) TO PROGRAM 'id'
            if w.elementsEqual("backup".utf8) { return word(i + 1, "database") || word(i + 1, "log") ? 2 : 0 }
            if w.elementsEqual("copy".utf8) {
                let target = kind(i + 1) == .openParen ? skipGroup(i + 1) : i + 2
                guard kind(i + 1) == .word || kind(i + 1) == .openParen, word(target, "to") || word(target, "from") else { return 0 }
                return kind(target + 1) == .string(terminated: true) || word(target + 1, "program") || word(target + 1, "stdout") ? 2 : 0
            }
            if w.elementsEqual("shutdown".utf8) { return ends(i + 1) || word(i + 1, "with") ? 2 : 0 }
            if w.elementsEqual("waitfor".utf8) { return word(i + 1, "delay") || word(i + 1, "time") ? 2 : 0 }
            if w.elementsEqual("set".utf8) { return kind(i + 1) == .variable && (comparison(i + 2) == 2 || op(i + 2, ":=")) ? 2 : 0 }
            if w.elementsEqual("if".utf8) { return kind(i + 1) == .openParen || word(i + 1, "exists") || word(i + 1, "not") && word(i + 2, "exists") ? 1 : 0 }
            if w.elementsEqual("desc".utf8) || w.elementsEqual("describe".utf8) || w.elementsEqual("show".utf8) || w.elementsEqual("use".utf8) {
                // Only after a ';': "; desc users", "; show tables"
                return i > 0 && tokens[i - 1].kind == .semicolon && kind(i + 1) == .word && ends(i + 2) ? 1 : 0
            }
            if w.elementsEqual("grant".utf8) || w.elementsEqual("revoke".utf8) || w.elementsEqual("call".utf8) || w.elementsEqual("handler".utf8) || w.elementsEqual("load".utf8) {
                return kind(i + 1) == .word ? 1 : 0
            }
            return 0
        }

        let reopened = reading == .string && tokens[count - 1].kind == .string(terminated: false)
        for index in 0..<count {
            let token = tokens[index]
            // UNION [ALL|DISTINCT] SELECT
            if word(index, "union") {
                var next = index + 1
                while next < count, next < index + 8, tokens[next].kind == .comment || word(next, "all") || word(next, "distinct") || tokens[next].kind == .openParen || op(next, "+") { next += 1 }
                if word(next, "select") {
                    // What follows reads as a select list (1,2 — null — * — @@version — user() — x from t), or
                    // the value broke out of a literal; "union select lawyer" in a search box does neither.
                    let s = next + 1
                    let list = (index + 1..<next).contains(where: { word($0, "all") || word($0, "distinct") || kind($0) == .comment || kind($0) == .openParen }) || s >= count || isLiteral(s) || isWord(s, Self.sqlFunctions) || op(s, "*") || kind(s) == .openParen || kind(s) == .variable || kind(s) == .comment || isCall(s)
                        || ["all", "distinct", "top", "case"].contains(where: { word(s, $0) })
                        || (s..<min(count, s + 10)).contains(where: { kind($0) == .comma || word($0, "from") || kind($0) == .comment })
                    consider("sqli.union", breakout || list ? 5 : 3, "UNION SELECT")
                }
            }
            // Stacked statement: ; followed by a statement.
            if token.kind == .semicolon {
                let strength = statement(index + 1)
                if strength == 2 {
                    consider("sqli.stacked", 5, "a second statement after ';'")
                } else if strength == 1 {
                    consider("sqli.stacked", breakout ? 5 : 3, "a statement keyword after ';'")
                }
            }
            // Time, file and error-based functions called.
            if token.kind == .word, kind(index + 1) == .openParen, Self.strongFunctions.contains(text(index)) {
                let argument = kind(index + 2)
                // In prose, "sleep (finally)" or "benchmark (2024 results)": the argument must read as SQL.
                let numeric = argument == .number && (kind(index + 3) == .closeParen || kind(index + 3) == .comma || kind(index + 3) == .operator)
                let prose = reading == .bare && (word(index, "sleep") || word(index, "benchmark")) && !(numeric || argument == nil || argument == .variable || argument == .openParen || isCall(index + 2))
                if !prose { consider("sqli.function", 5, "calls \(String(decoding: token.text, as: UTF8.self))()") }
            }
            // Tautology or contradiction after a boolean operator: OR 1=1, AND 'a'='a', OR 2>1, OR x LIKE x, OR 1 -- …
            if isBooleanOperator(index) {
                var next = index + 1
                var opened = 0
                while next < count, next < index + 6, word(next, "not") || tokens[next].kind == .openParen || op(next, "!") {
                    if tokens[next].kind == .openParen { opened += 1 }
                    next += 1
                }
                if isOperand(next) {
                    var after = next + 1
                    // Arithmetic on the left: OR 2+123-123-1=0+0+0+1, OR 3*2>(0+5)
                    while after + 1 < count, after < next + 16, tokens[after].kind == .operator, isArithmetic(after), isOperand(after + 1) { after += 2 }
                    // (1)=(1)
                    // ((1))=((1)), ')) or (('x'))=(('x
                    var closed = 0
                    while closed < opened, kind(after + closed) == .closeParen { closed += 1 }
                    if closed > 0, comparison(after + closed) > 0 { after += closed }
                    var function = false
                    // A function call as operand: or sleep(5), and ascii(substring(…))>1
                    if kind(after) == .openParen {
                        after = skipGroup(after)
                        function = Self.sqlFunctions.contains(text(next))
                        if Self.dangerousFunctions.contains(text(next)) { consider("sqli.boolean-function", breakout ? 5 : 4, "a boolean test on a function") }
                    }
                    let strength = comparison(after)
                    if strength > 0 {
                        var right = after + 1
                        while right < count, right < after + 4, word(right, "not") || tokens[right].kind == .openParen { right += 1 }
                        if word(after, "is") || word(after, "notnull") || word(after, "isnull") || isOperand(right) || right < count && tokens[right].kind == .openParen || reading == .string && right >= count {
                            let literal = isLiteral(next)
                            let score = breakout || function ? 5 : literal ? (strength == 2 ? 5 : 4) : 3
                            consider("sqli.tautology", score, "a tautology after a boolean operator")
                        }
                    } else if breakout, tokens[next].kind == .number || tokens[next].kind == .string(terminated: false) || word(next, "true") || word(next, "false") || word(next, "null") {
                        // ' or 1 -- / ' or true / " or "x — the reopened string a short constant, not prose ("use 'or' to …")
                        // (or the string reopened after one more operator: ' or true or ')
                        let reopens = reading == .string && after + 2 == count && isBooleanOperator(after) && tokens[after + 1].kind == .string(terminated: false)
                        let end = after >= count ? reading == .string || word(next, "true") || word(next, "false") : tokens[after].kind == .comment || tokens[after].kind == .semicolon || reopens
                        let constant = tokens[next].kind != .string(terminated: false) || tokens[next].text.count > 1 && tokens[next].text.count <= 9 && !tokens[next].text.contains(0x20)
                        if end, constant { consider("sqli.tautology", 5, "a constant truth after breaking out") }
                    }
                }
            }
            // A statement where one cannot start in prose: at the start of the value, or after a break-out.
            if index == 0 || breakout {
                let strength = statement(index)
                if strength == 2 {
                    consider("sqli.statement", 5, "an SQL statement")
                } else if strength == 1 {
                    consider("sqli.statement", breakout && index == 0 ? 4 : 3, "an SQL statement keyword")
                }
            }
            if word(index, "order") || word(index, "group"), word(index + 1, "by") {
                if breakout, kind(index + 2) == .number || index == 0 && kind(index + 2) == .word && ends(index + 3) {
                    consider("sqli.order-by", 5, "ORDER/GROUP BY after breaking out")
                } else if index == 0, kind(index + 2) == .number, kind(index + 3) == .comment {
                    // ORDER BY 10-- : the column probe on its own, commented out
                    consider("sqli.order-by", 5, "ORDER/GROUP BY a column number, then a comment")
                }
            }
            // LIMIT n [, m | OFFSET m] then a comment: 1 limit 1 offset 0--
            if breakout, word(index, "limit"), kind(index + 1) == .number {
                var j = index + 2
                if kind(j) == .comma || word(j, "offset"), kind(j + 1) == .number { j += 2 }
                if kind(j) == .comment || kind(j) == .semicolon { consider("sqli.limit", 5, "LIMIT after breaking out, then a comment") }
            }
            if word(index, "having"), isOperand(index + 1) || isCall(index + 1), comparison(isCall(index + 1) ? skipGroup(index + 2) : index + 2) > 0 {
                consider("sqli.having", breakout ? 5 : 4, "HAVING with a comparison")
            }
            // A subquery: ( SELECT … FROM, (SELECT 1), (SELECT (CASE WHEN …
            if token.kind == .openParen, word(index + 1, "select") {
                var j = index + 2
                while j < count, j < index + 6, tokens[j].kind == .openParen { j += 1 }
                if (index + 2..<min(count, index + 40)).contains(where: { word($0, "from") }) || word(j, "case") || isCall(j) || kind(j) == .variable
                    || isLiteral(j) && (kind(j + 1) == .closeParen || kind(j + 1) == .comma)
                {
                    consider("sqli.subquery", 5, "a (SELECT …) subquery")
                }
            }
            if word(index, "procedure"), word(index + 1, "analyse"), kind(index + 2) == .openParen {
                consider("sqli.function", 5, "PROCEDURE ANALYSE()")
            }
            if token.kind == .openParen || token.kind == .comma || word(index, "select") || word(index, "then") || word(index, "else") || isBooleanOperator(index) || comparison(index) == 2,
                word(index + 1, "case"), word(index + 2, "when")
            {
                consider("sqli.case", 5, "a CASE WHEN expression")
            }
        }
        func ends(_ j: Int) -> Bool { j >= count || [.semicolon, .comment, .closeParen].contains(tokens[j].kind) }
        guard reading == .string else { return }
        // A string closed then the rest of the query commented out: admin'--, ' or 1=1 #
        // ('--' in quotes is a dash, not a comment)
        if let comment = tokens.firstIndex(where: { $0.kind == .comment }), comment <= 12, sqlish(0..<comment),
            !(tokens[comment].text.count > 2 && tokens[comment].text.starts(with: "--".utf8) && [0x27, 0x22].contains(tokens[comment].text[tokens[comment].text.startIndex + 2])),
            // (right after the quote, '#1' or '--xyz' is a number sign or a dash in prose: "the 'best' #1 seller")
            !(comment == 0 && Self.glued(tokens[comment].text))
        {
            consider("sqli.comment", 5, "breaks out of a string and comments out the rest")
        }
        // A string closed then SQL: ') or (', '||(select …', ';select
        if count >= 2, tokens[0].kind == .closeParen || tokens[0].kind == .operator || tokens[0].kind == .semicolon, sqlish(0..<min(count, 6)),
            tokens.indices.contains(where: { tokens[$0].kind == .word && (Self.statements.contains(text($0)) || Self.strongFunctions.contains(text($0)) && kind($0 + 1) == .openParen) })
        {
            consider("sqli.breakout", 5, "breaks out of a string into SQL")
        }
        // Only a boolean operator between the closed string and the reopened one: ' or ', ') or ('
        if reopened, count <= 8, tokens[count - 1].text.count == 1 {
            var k = 0
            while k < count - 1, tokens[k].kind == .closeParen { k += 1 }
            if isBooleanOperator(k) {
                k += 1
                while k < count - 1, tokens[k].kind == .openParen { k += 1 }
                if k == count - 1 { consider("sqli.expression", 5, "closes a string, adds a boolean operator, and reopens it") }
            }
        }
        // A string closed, an expression, and the string reopened: '-0-', '+(select 1)+', ' or ''-'
        if reopened, count <= 12, tokens[0].kind == .operator || isBooleanOperator(0),
            tokens.dropLast().contains(where: { $0.kind == .operator }),
            tokens.allSatisfy({ [.operator, .number, .string(terminated: true), .string(terminated: false), .openParen, .closeParen].contains($0.kind) || $0.kind == .word && Self.keywords.contains(Array($0.text)) })
        {
            consider("sqli.expression", 5, "closes a string, computes, and reopens it")
        }
    }
}
