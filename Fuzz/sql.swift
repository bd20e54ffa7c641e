// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// libFuzzer target `sql`: the SQL tokenizer (read as is and from inside '…' and "…") and the
// SQL injection detector. The first byte chooses the context and whether the value is folded
// first (as the firewall does) or given raw.
// Tokenizer invariants: tokens are non-empty slices of the input, in order, not overlapping, at
// most `limit`; the bytes between them are white space or the `/*!NNN` and `*/` of MySQL's
// executable comments (or, inside a string, the text up to the break-out); each token's text
// fits its kind.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzCheck.bytes(data, size)
    guard let selector = input.first else { return 0 }
    let value = selector & 0x80 == 0 ? Normalizer.fold(Array(input.dropFirst())) : Array(input.dropFirst())
    let limit = selector & 0x40 == 0 ? 512 : Int(selector & 0x0F) + 1
    for quote: UInt8? in [nil, 0x27, 0x22] {
        let (tokens, brokeOut) = SQLTokenizer.tokens(value, inside: quote, limit: limit)
        checkTokens(tokens, brokeOut: brokeOut, in: value, quote: quote, limit: limit)
    }
    var matches: [RuleMatch] = []
    SQLInjectionDetector().inspect(value, context: FuzzCheck.context(selector), into: &matches)
    FuzzCheck.detectorMatches(matches, family: .sqlInjection)
    return 0
}

private let whiteSpace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0]

private func checkTokens(_ tokens: [SQLToken], brokeOut: Bool, in value: [UInt8], quote: UInt8?, limit: Int) {
    FuzzCheck.require(tokens.count <= limit, "\(tokens.count) tokens over the limit \(limit)")
    if quote == nil { FuzzCheck.require(brokeOut, "no quote but not broken out") }
    if !brokeOut { FuzzCheck.require(tokens.isEmpty, "tokens without a break-out") }
    guard let first = tokens.first else { return }
    var cursor = first.text.startIndex
    if let quote {
        // Everything before the first token is inside the string, ending at the quote that breaks out.
        let prefix = value[..<first.text.startIndex]
        FuzzCheck.require(prefix.contains(quote), "first token before the break-out quote")
        cursor = prefix.lastIndex(of: quote)! + 1
    }
    for token in tokens {
        let text = token.text
        FuzzCheck.require(!text.isEmpty, "an empty token")
        FuzzCheck.require(text.startIndex >= cursor && text.endIndex <= value.count, "token \(text.startIndex)..<\(text.endIndex) out of order or outside 0..<\(value.count) (cursor \(cursor))")
        let gap = value[cursor..<text.startIndex]
        FuzzCheck.require(gap.allSatisfy { whiteSpace.contains($0) || $0 == 0x2F || $0 == 0x2A || $0 == 0x21 || (0x30...0x39).contains($0) }, "uncovered bytes \(Array(gap)) before a token")
        let head = text[text.startIndex]
        switch token.kind {
        case .string(let terminated):
            FuzzCheck.require(head == 0x27 || head == 0x22, "a string token starting with \(head)")
            if terminated { FuzzCheck.require(text.count >= 2 && text.last == head, "a terminated string not closed by its quote") }
        case .number: FuzzCheck.require((0x30...0x39).contains(head), "a number starting with \(head)")
        case .word: FuzzCheck.require(SQLTokenizer.isWord(head) || head == 0x60, "a word starting with \(head)")
        case .variable: FuzzCheck.require(head == 0x40, "a variable starting with \(head)")
        case .comment: FuzzCheck.require(head == 0x23 || head == 0x2D || head == 0x2F, "a comment starting with \(head)")
        case .openParen: FuzzCheck.require(text.elementsEqual([0x28]), "an open parenthesis token \(Array(text))")
        case .closeParen: FuzzCheck.require(text.elementsEqual([0x29]), "a close parenthesis token \(Array(text))")
        case .comma: FuzzCheck.require(text.elementsEqual([0x2C]), "a comma token \(Array(text))")
        case .semicolon: FuzzCheck.require(text.elementsEqual([0x3B]), "a semicolon token \(Array(text))")
        case .dot: FuzzCheck.require(text.elementsEqual([0x2E]), "a dot token \(Array(text))")
        case .operator: FuzzCheck.require(text.count <= 2, "an operator of \(text.count) bytes")
        case .other: FuzzCheck.require(text.count == 1, "an 'other' token of \(text.count) bytes")
        }
        cursor = text.endIndex
    }
    if tokens.count < limit {
        let rest = value[cursor...]
        FuzzCheck.require(rest.allSatisfy { whiteSpace.contains($0) || $0 == 0x2F || $0 == 0x2A || $0 == 0x21 || (0x30...0x39).contains($0) }, "uncovered bytes \(Array(rest)) after the last token")
    }
}
