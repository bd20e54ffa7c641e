// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// libFuzzer target `html`: the HTML tokenizer of the cross-site scripting detector, on the folded
// value (as the firewall gives it) or on raw bytes, in a context chosen by the first byte; then
// the other value detectors on the same bytes. Invariants: each detector reports at most one match,
// of its own family, scored 2…5; the same value gives the same result twice.

private let detectors: [(any Detector, AttackFamily)] = [
    (SQLInjectionDetector(), .sqlInjection), (CrossSiteScriptingDetector(), .crossSiteScripting), (PathTraversalDetector(), .pathTraversal),
    (RemoteInclusionDetector(), .remoteInclusion), (CommandInjectionDetector(), .commandInjection), (TemplateInjectionDetector(), .templateInjection),
    (LDAPInjectionDetector(), .ldapInjection), (PHPInjectionDetector(), .phpInjection), (JavaInjectionDetector(), .javaInjection),
    (ProtocolInjectionDetector(), .protocolAnomaly), (NodeInjectionDetector(), .nodeInjection), (NoSQLValueDetector(), .nosqlInjection),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzCheck.bytes(data, size)
    guard let selector = input.first else { return 0 }
    let value = selector & 0x80 == 0 ? Normalizer.fold(Array(input.dropFirst())) : Array(input.dropFirst())
    let context = FuzzCheck.context(selector)
    var first: [RuleMatch] = []
    CrossSiteScriptingDetector().inspect(value, context: context, into: &first)
    FuzzCheck.detectorMatches(first, family: .crossSiteScripting)
    var second: [RuleMatch] = []
    CrossSiteScriptingDetector().inspect(value, context: context, into: &second)
    FuzzCheck.require(first == second, "the XSS detector is not deterministic")
    // The other detectors, when asked (bit 6): the XSS target's corpus is markup, which they see too.
    if selector & 0x40 != 0 {
        for (detector, family) in detectors {
            var matches: [RuleMatch] = []
            detector.inspect(value, context: context, into: &matches)
            FuzzCheck.detectorMatches(matches, family: family)
        }
    }
    return 0
}
