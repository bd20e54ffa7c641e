// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Detects the writing system of a name from its letters' Unicode blocks, as an ISO 15924 code.
enum ScriptDetector {
    /// The script most letters of `text` belong to (`Latn`, `Arab`, `Cyrl`, `Hani`, `Hang`, `Grek`,
    /// `Hebr`, `Thai`, `Geor`, `Armn`, `Deva`, `Ethi`; `Jpan` for Han mixed with kana, `Kore` for
    /// Hangul mixed with Han), or nil when it has no letters of a known script.
    static func detect(_ text: String) -> String? {
        var counts: [String: Int] = [:]
        for scalar in text.unicodeScalars {
            if let script = script(of: scalar.value) { counts[script, default: 0] += 1 }
        }
        guard let top = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key else { return nil }
        let kana = (counts["Hira"] ?? 0) + (counts["Kana"] ?? 0)
        if kana > 0 && (top == "Hani" || top == "Hira" || top == "Kana") { return "Jpan" }
        if top == "Hang" || (top == "Hani" && counts["Hang"] != nil) { return counts["Hani"] != nil ? "Kore" : "Hang" }
        return top
    }

    static func script(of v: UInt32) -> String? {
        switch v {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F, 0x1E00...0x1EFF: return "Latn"
        case 0x370...0x3FF, 0x1F00...0x1FFF: return "Grek"
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return "Cyrl"
        case 0x531...0x58F: return "Armn"
        case 0x5D0...0x5F4, 0xFB1D...0xFB4F: return "Hebr"
        case 0x620...0x64A, 0x66E...0x6D3, 0x6D5, 0x6EE...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return "Arab"
        case 0x900...0x97F: return "Deva"
        case 0xE00...0xE7F: return "Thai"
        case 0x10A0...0x10FF, 0x2D00...0x2D2F: return "Geor"
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return "Hang"
        case 0x1200...0x139F: return "Ethi"
        case 0x3040...0x309F: return "Hira"
        case 0x30A0...0x30FF, 0x31F0...0x31FF: return "Kana"
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return "Hani"
        default: return nil
        }
    }
}
