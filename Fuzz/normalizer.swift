// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// libFuzzer target `normalizer`: Normalizer.views and each decoding step on arbitrary bytes.
// The first byte chooses whether percent-decoding applies; the rest is the raw value.
// Invariants: no step lengthens its input, views are folded (lower case, no NUL, single spaces),
// at most six views, no duplicates, fold is idempotent, and a value without '%' is not changed
// by percent-decoding.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNormalizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzCheck.bytes(data, size)
    guard let selector = input.first else { return 0 }
    let raw = Array(input.dropFirst())
    let decodePercent = selector & 1 == 1

    let (views, _) = Normalizer.views(of: raw, decodePercent: decodePercent)
    FuzzCheck.require((1...6).contains(views.count), "\(views.count) views")
    FuzzCheck.require(Set(views).count == views.count, "duplicate views")
    for view in views {
        FuzzCheck.require(view.count <= raw.count, "a view of \(view.count) bytes from \(raw.count)")
        FuzzCheck.require(!view.contains(0), "a NUL in a view")
        FuzzCheck.require(!view.contains { (0x41...0x5A).contains($0) || (0x09...0x0D).contains($0) }, "a view not folded")
        FuzzCheck.require(!zip(view, view.dropFirst()).contains { $0 == 0x20 && $1 == 0x20 }, "two spaces in a view")
    }

    let percent = Normalizer.percentDecode(raw, plus: selector & 2 == 2)
    FuzzCheck.require(percent.bytes.count <= raw.count, "percent-decoding lengthened")
    if !raw.contains(0x25), selector & 2 == 0 {
        FuzzCheck.require(percent.bytes == raw && !percent.invalid, "percent-decoding changed a value without '%'")
    }
    FuzzCheck.require(Normalizer.htmlEntityDecode(raw).count <= raw.count, "entity decoding lengthened")
    FuzzCheck.require(Normalizer.unicodeEscapeDecode(raw).count <= raw.count, "escape decoding lengthened")
    FuzzCheck.require(Normalizer.foldFullWidth(raw).count <= raw.count, "full-width folding lengthened")
    let folded = Normalizer.fold(raw)
    FuzzCheck.require(folded.count <= raw.count, "folding lengthened")
    FuzzCheck.require(Normalizer.fold(folded) == folded, "fold is not idempotent")
    if let text = Normalizer.base64Text(raw) { FuzzCheck.require(text.count < raw.count, "base64 text not shorter") }
    if let text = Normalizer.hexText(raw) { FuzzCheck.require(text.count < raw.count, "hex text not shorter") }
    return 0
}
