// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// libFuzzer target `request`: whole requests through RequestParser.parse and Firewall.inspect.
//
// Input layout (the seeds in Fuzz/seeds/request/ follow it, so they stay readable):
//   byte 0      selector: bits 0-2 the body's Content-Type (0 none, 1 application/json,
//               2 application/xml, 3 application/x-www-form-urlencoded, 4 multipart/form-data with
//               boundary "XyZ", 5 text/plain, 6 application/vnd.api+json, 7 as the input's own
//               headers say); bit 3 tight limits (2 KB body, 24 arguments, depth 4, 512-byte
//               values); bit 4 detect mode; bit 5 skip the argument "password"
//   line 1      METHOD SP TARGET (no space: GET and the whole line as the target)
//   lines 2…    Name: value header lines, up to an empty line (at most 64)
//   the rest    the body
// Invariants: a rejection is 400 or 413 with no matches, 413 exactly when the body is over the
// limit; the parser never returns more arguments or longer values than the limits; the score is
// the documented sum; blocking follows mode and threshold; the verdict is the same twice.

private let tight = InspectionLimits(maxBodyBytes: 2_048, maxArguments: 24, maxDepth: 4, maxValueBytes: 512)
private let firewalls = [Firewall(), Firewall(limits: tight)]
private let contentTypes: [String?] = [nil, "application/json", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ", "text/plain; charset=utf-8", "application/vnd.api+json", nil]

private func lines(_ bytes: ArraySlice<UInt8>) -> (line: ArraySlice<UInt8>, rest: ArraySlice<UInt8>)? {
    guard !bytes.isEmpty else { return nil }
    guard let newline = bytes.firstIndex(of: 0x0A) else { return (bytes, bytes[bytes.endIndex...]) }
    var line = bytes[..<newline]
    if line.last == 0x0D { line = line.dropLast() }
    return (line, bytes[(newline + 1)...])
}

private func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzCheck.bytes(data, size)
    guard let selector = input.first else { return 0 }
    var rest = input[1...]
    var method = "GET"
    var target = "/"
    if let (line, after) = lines(rest) {
        if let space = line.firstIndex(of: 0x20) {
            method = string(line[..<space])
            target = string(line[(space + 1)...])
        } else {
            target = string(line)
        }
        rest = after
    }
    var headers: [(name: String, value: String)] = []
    while headers.count < 64, let (line, after) = lines(rest) {
        rest = after
        if line.isEmpty { break }
        if let colon = line.firstIndex(of: 0x3A) {
            var value = line[(colon + 1)...]
            while value.first == 0x20 { value = value.dropFirst() }
            headers.append((string(line[..<colon]), string(value)))
        } else {
            headers.append((string(line), ""))
        }
    }
    let typeChoice = Int(selector & 7)
    if typeChoice != 7 {
        headers.removeAll { $0.name.lowercased() == "content-type" }
        if let type = contentTypes[typeChoice] { headers.append(("Content-Type", type)) }
    }
    let request = InspectedRequest(method: method, target: target, headers: headers, body: Array(rest))
    let firewall = firewalls[selector & 8 == 0 ? 0 : 1]
    let limits = firewall.limits
    let policy = FirewallPolicy(mode: selector & 16 == 0 ? .block : .detect, skipArguments: selector & 32 == 0 ? [] : ["password", "card.*"])

    switch RequestParser.parse(request, limits: limits) {
    case .success(let parsed):
        FuzzCheck.require(request.body.count <= limits.maxBodyBytes, "a body over the limit parsed")
        FuzzCheck.require(parsed.arguments.count <= limits.maxArguments, "\(parsed.arguments.count) arguments parsed")
        FuzzCheck.require(parsed.arguments.allSatisfy { $0.value.count <= limits.maxValueBytes }, "a value longer than the limit")
        FuzzCheck.require(parsed.arguments.first?.location == .path, "the path is not the first argument")
    case .failure(let limit):
        FuzzCheck.require(limit.status == 400 || limit.status == 413, "rejected with status \(limit.status)")
        FuzzCheck.require((limit.status == 413) == (request.body.count > limits.maxBodyBytes), "413 for a body of \(request.body.count) bytes")
    }

    let verdict = firewall.inspect(request, policy: policy)
    if let rejection = verdict.rejection {
        FuzzCheck.require(verdict.matches.isEmpty && verdict.score == 0, "a rejection with matches")
        FuzzCheck.require(rejection.status == 400 || rejection.status == 413, "rejected with status \(rejection.status)")
        FuzzCheck.require(verdict.blocked == (policy.mode == .block), "a rejection blocked in \(policy.mode) mode")
    } else {
        var byFamily: [AttackFamily: [Int]] = [:]
        for match in verdict.matches {
            FuzzCheck.require((2...5).contains(match.score), "\(match.id) scored \(match.score)")
            FuzzCheck.require(match.id.hasPrefix(match.family.rawValue + "."), "rule id \(match.id) outside its family")
            byFamily[match.family, default: []].append(match.score)
        }
        let expected = byFamily.values.reduce(0) { total, scores in total + scores.max()! + min(scores.count - 1, 3) }
        FuzzCheck.require(verdict.score == expected, "score \(verdict.score), expected \(expected)")
        FuzzCheck.require(verdict.blocked == (policy.mode == .block && verdict.score >= policy.threshold), "blocked \(verdict.blocked) with score \(verdict.score) in \(policy.mode) mode")
    }
    // Deterministic: the same request gives the same verdict (checked on shorter inputs, to keep the rate up).
    if input.count <= 4_096 {
        let again = firewall.inspect(request, policy: policy)
        FuzzCheck.require(again.matches == verdict.matches && again.score == verdict.score && again.blocked == verdict.blocked && again.rejection == verdict.rejection, "the verdict changed on a second inspection")
    }
    return 0
}
