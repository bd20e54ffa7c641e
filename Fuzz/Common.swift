// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// Shared helpers of the libFuzzer entry points. `scripts/fuzz-shield` compiles these files into the
// Shield module together with `Sources/Shield/*.swift` (so they reach its internal types); they are
// not part of the Swift package.

/// Invariants checked by the entry points: a broken one stops the fuzzer with the input that broke it.
enum FuzzCheck {
    static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
        if !condition() { fatalError("fuzz invariant broken: \(message())", file: file, line: line) }
    }

    /// The input as an array (libFuzzer may pass a null pointer with size 0).
    static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A detector reports at most one match (its strongest), of its own family, scored 2…5.
    static func detectorMatches(_ matches: [RuleMatch], family: AttackFamily) {
        require(matches.count <= 1, "\(family) reported \(matches.count) matches")
        for match in matches {
            require(match.family == family, "\(match.id) has family \(match.family), expected \(family)")
            require((2...5).contains(match.score), "\(match.id) scored \(match.score)")
            require(match.id.hasPrefix(family.rawValue + "."), "rule id \(match.id) outside its family \(family.rawValue)")
        }
    }

    /// Contexts the detectors are run in, chosen by a byte of the input.
    static func context(_ selector: UInt8) -> InspectionContext {
        let locations: [InspectionContext.Location] = [.query, .body, .path, .cookie, .header, .argumentName, .filename]
        let names = ["q", "file", "page", "user-agent", "memo", "include", "upload"]
        return InspectionContext(location: locations[Int(selector) % locations.count], name: names[Int(selector >> 3) % names.count])
    }
}
