// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// One token of a normalised name.
struct NameToken: Sendable, Hashable {
    enum Role: Sendable, Hashable {
        /// A name word.
        case regular
        /// A single letter, matched against a word's first letter.
        case initial
        /// `al`, `bin`, `van`, `de`, …: matched when present, barely missed when absent.
        case particle
        /// `ltd`, `llc`, `sa`, `gmbh`, `co`, …: as particles.
        case legalForm
    }

    var text: [UInt8]
    var role: Role
    var key: [UInt8]
    /// How often each letter occurs (digits share the six spare lanes), for a cheap bound on
    /// similarity.
    var letters: LetterCounts
    /// The abbreviation of a spelled-out legal form (`limited` → `ltd`), else the text.
    var canonical: [UInt8] {
        get { canonicalForm ?? text }
        set { canonicalForm = newValue == text ? nil : newValue }
    }
    /// The canonical form when it is not the text (rare: no second array to copy with every token).
    var canonicalForm: [UInt8]?
    /// The token's id in an index's vocabulary (−1 outside an index).
    var id: Int32 = -1
    /// Romanised from an abjad (Arabic script): short vowels are not written, so a spelling with the
    /// same consonants is the same name (`hsin` ~ `hussein`).
    var abjad = false
    /// The token's class in the table of name variants (``NameVariants/variantClass(_:)``), −1 if none.
    var variant: Int32
    /// In one array (a token is copied often; each array is a reference to retain): the sounds
    /// (``NameVariants/sounds(_:)``), the consonant skeleton (``NameVariants/skeleton(_:)``), then
    /// the pinyin readings of a Wade–Giles syllable, each after a 0xFE.
    var phonology: [UInt8]
    var soundsEnd: Int16
    var skeletonEnd: Int16
    var hasReadings: Bool

    /// The sounds, for the alignment.
    var sounds: ArraySlice<UInt8> { phonology[..<Int(soundsEnd)] }
    /// Tokens with equal skeletons are aligned sound by sound.
    var skeleton: ArraySlice<UInt8> { phonology[Int(soundsEnd)..<Int(skeletonEnd)] }
    /// The pinyin syllables the token may stand for as a Wade–Giles syllable (usually none).
    var readings: [[UInt8]] {
        hasReadings ? phonology[Int(skeletonEnd)...].split(separator: 0xFE).map(Array.init) : []
    }

    mutating func setReadings(_ readings: [[UInt8]]) {
        phonology.removeSubrange(Int(skeletonEnd)...)
        for r in readings { phonology += [0xFE] + r }
        hasReadings = !readings.isEmpty
    }

    init(_ text: [UInt8], role: Role) {
        self.text = text
        self.role = role
        self.key = PhoneticKey.key(text)
        let sounds = NameVariants.sounds(text)
        let skeleton = NameVariants.skeleton(sounds: sounds)
        self.variant = NameVariants.variantClass(text)
        self.phonology = sounds + skeleton
        self.soundsEnd = Int16(sounds.count)
        self.skeletonEnd = Int16(sounds.count + skeleton.count)
        self.hasReadings = false
        self.canonicalForm = nil
        var letters = LetterCounts()
        for b in text {
            let lane = b >= UInt8(ascii: "a") ? Int(b &- UInt8(ascii: "a")) : 26 + Int(b &- UInt8(ascii: "0")) % 6
            if lane < 32 { letters.add(lane: lane) }
        }
        self.letters = letters
        let readings = NameVariants.readings(text)
        if !readings.isEmpty { setReadings(readings) }
    }

    var string: String { String(decoding: text, as: UTF8.self) }
}

/// How often each letter occurs in a token, 32 byte lanes (`a`–`z`, then the digits sharing six
/// lanes) in four words, each count at most 127 so that lanes never carry into each other.
struct LetterCounts: Sendable, Hashable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (a: LetterCounts, b: LetterCounts) -> Bool { a.words == b.words }
    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    mutating func add(lane: Int) {
        let shift = UInt64((lane & 7) * 8)
        func bump(_ w: inout UInt64) { if (w >> shift) & 0xFF < 127 { w &+= 1 << shift } }
        switch lane >> 3 {
        case 0: bump(&words.0)
        case 1: bump(&words.1)
        case 2: bump(&words.2)
        default: bump(&words.3)
        }
    }

    /// The counts of two tokens together (for tokens of fewer than 64 letters each: no lane overflows).
    func adding(_ other: LetterCounts) -> LetterCounts {
        var sum = LetterCounts()
        sum.words = (words.0 &+ other.words.0, words.1 &+ other.words.1, words.2 &+ other.words.2, words.3 &+ other.words.3)
        return sum
    }

    /// The number of letters two tokens have in common (the sum of the lane-wise minimums), for
    /// tokens of fewer than 256 letters.
    @inline(__always)
    static func common(_ a: LetterCounts, _ b: LetterCounts) -> Int {
        minimumSum(a.words.0, b.words.0) + minimumSum(a.words.1, b.words.1) + minimumSum(a.words.2, b.words.2) + minimumSum(a.words.3, b.words.3)
    }

    /// The sum of the byte-wise minimums of two words of byte counts under 128 (SWAR).
    @inline(__always)
    static func minimumSum(_ a: UInt64, _ b: UInt64) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        let aAtLeastB = (((a | high) &- b) & high) >> 7  // 1 in the lanes where a ≥ b
        let mask = aAtLeastB &* 0xFF
        let minimum = (b & mask) | (a & ~mask)
        return Int((minimum &* 0x0101_0101_0101_0101) >> 56)
    }
}

/// Turns a name as written (any script, any punctuation) into comparable tokens: lower-case ASCII
/// letters and digits, with titles removed and particles and legal forms marked
/// (spelled-out forms equal to their abbreviation: `limited` ~ `ltd`, `company` ~ `co`).
///
/// Steps: compatibility normalisation (NFKC: full-width forms, ligatures); invisible characters
/// (format characters such as zero-width spaces and joiners, soft hyphens, controls) removed;
/// in a name with Latin letters, Cyrillic and Greek look-alikes (`А`, `Е`, `О`, `Р`, `С`, `Ѕ`, `Ι`…)
/// become the Latin letters they imitate; Arabic, Cyrillic and Greek are romanised as lists spell
/// names (``Transliteration``), other scripts with ICU (`Any-Latin`), Hangul syllable by syllable with McCune–Reischauer-like fixes (`gim` → `kim`, `eo` → `o`);
/// diacritics stripped and `ß`, `æ`, `ø`, `ł`, … spelled out; case folded; apostrophes dropped
/// (`Sa'id` → `said`); dotted initialisms joined (`S.A.` → `sa`, `U.K.` → `uk`); other punctuation
/// separates tokens; digits inside words read as the letters OCR mistakes them for (`PENSI0N`).
/// The `SURNAME, Given` comma is a separator like any other: tokens are compared without order.
public enum NameNormalizer {
    /// The normalised tokens of `name`, titles removed (e.g. `"AL-ZAWAHIRI, Dr. Ayman"` →
    /// `["al", "zawahiri", "ayman"]`).
    public static func tokens(_ name: String) -> [String] {
        normalize(name).map(\.string)
    }

    static func normalize(_ name: String) -> [NameToken] {
        let latin = latinText(name)
        // Tokens romanised from Arabic script come marked (0x02 first): unvowelled spellings.
        var raw = tokenize(latin).map { $0.first == 0x02 ? (Array($0.dropFirst()), true) : ($0, false) }.filter { !$0.0.isEmpty }
        // Titles and honorifics go, unless nothing else is left.
        let kept = raw.filter { !titles.contains($0.0) }
        if !kept.isEmpty { raw = kept }
        return raw.enumerated().map { i, entry in
            let (text, abjad) = entry
            let role: NameToken.Role =
                text.count == 1 && text[0] >= UInt8(ascii: "a") ? .initial
                : particles.contains(text) ? .particle
                : legalForms.contains(text) ? .legalForm : .regular
            var token = NameToken(text, role: role)
            if let short = legalSynonyms[text] { token.canonical = short }
            // The Arabic article assimilated to the next word's first consonant equals the article
            // (`ash-Sharaa`, `ad-Din`, `ur-Rahman`, `an-Nasr` ~ `al …`).
            if assimilatedArticles.contains(text), i + 1 < raw.count, raw[i + 1].0.count >= 3, raw[i + 1].0.starts(with: text.dropFirst()) {
                token.canonical = Array("al".utf8)
            }
            token.abjad = abjad
            return token
        }
    }

    /// The name in lower-case Latin letters, digits, spaces and punctuation.
    static func latinText(_ name: String) -> String {
        var isASCII = true
        for byte in name.utf8 where byte >= 0x80 { isASCII = false; break }
        if isASCII { return name.lowercased() }

        var folded = name.precomposedStringWithCompatibilityMapping
        var hasLatin = false
        for scalar in folded.unicodeScalars where scalar.properties.isAlphabetic {
            let v = scalar.value
            if v < 0x250 && (v >= 0xC0 || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)) { hasLatin = true; break }
        }
        // Arabic, Cyrillic and Greek are romanised as lists spell names (Cyrillic and Greek letters
        // in a Latin name are look-alikes, mapped below).
        if Transliteration.applies(to: folded) { folded = Transliteration.latin(folded, arabicOnly: hasLatin) }
        var scalars = String.UnicodeScalarView()
        var needsTransform = false
        for scalar in folded.unicodeScalars {
            let v = scalar.value
            switch scalar.properties.generalCategory {
            case .format, .control:
                // 0x02 marks a word romanised from Arabic script (``Transliteration``): kept for `tokenize`.
                if v == 0x02 { scalars.append(scalar) }
                continue
            case .spaceSeparator, .lineSeparator, .paragraphSeparator:
                scalars.append(" ")
                continue
            default: break
            }
            if v == 0x00AD { continue }
            if hasLatin, let latin = homoglyphs[v] {
                scalars.append(latin)
                continue
            }
            if v == 0x0629 { continue }  // Arabic tā' marbūṭa: silent at the end of a word.
            if v >= 0xAC00 && v <= 0xD7A3 {
                // Hangul: one syllable per token; surnames and given-name syllables are separate words.
                scalars.append(" ")
                scalars.append(Unicode.Scalar(UInt32(0xE000))!)  // marks the next token as Hangul
                scalars.append(scalar)
                scalars.append(" ")
                needsTransform = true
                continue
            }
            if v >= 0x250 && scalar.properties.isAlphabetic { needsTransform = true }
            scalars.append(scalar)
        }
        var text = String(scalars)
        if needsTransform {
            text = text.applyingTransform(.toLatin, reverse: false) ?? text
        }
        text = text.applyingTransform(.stripDiacritics, reverse: false) ?? text
        text = text.lowercased()
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "ß": out += "ss"
            case "æ": out += "ae"
            case "œ": out += "oe"
            case "ø": out += "o"
            case "ł": out += "l"
            case "đ", "ð": out += "d"
            case "þ": out += "th"
            case "ı": out += "i"
            case "ħ": out += "h"
            case "\u{E000}": out += "\u{1}"
            case "\u{2019}", "\u{2018}", "\u{02BC}", "\u{00B4}": continue
            default:
                // Apostrophe-like modifier letters left by transliteration (ʿ ʾ) are dropped; other
                // non-ASCII symbols and punctuation separate words.
                if ch.isASCII { out.append(ch) } else if !ch.isLetter && !ch.isNumber { out += " " }
            }
        }
        return out
    }

    /// Splits lower-case Latin text into ASCII tokens.
    static func tokenize(_ text: String) -> [[UInt8]] {
        var tokens: [[UInt8]] = []
        var segment: [[UInt8]] = [[]]  // the dot-separated parts of the current segment
        var hangul = false
        func flushSegment() {
            let parts = segment.filter { !$0.isEmpty }
            segment = [[]]
            if parts.isEmpty { hangul = false; return }
            if parts.count > 1 && parts.allSatisfy({ $0.count == 1 }) {
                tokens.append(parts.flatMap { $0 })
            } else {
                for part in parts { tokens.append(hangul ? koreanFix(readDigits(part)) : readDigits(part)) }
            }
            hangul = false
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                segment[segment.count - 1].append(byte)
            case 0x02:
                segment[segment.count - 1].append(byte)
            case UInt8(ascii: "."):
                segment.append([])
            case UInt8(ascii: "'"), UInt8(ascii: "`"):
                continue
            case 0x01:
                hangul = true
            default:
                flushSegment()
            }
        }
        flushSegment()
        return tokens
    }

    /// Digits inside a word are the letters OCR confuses them with (`0` → `o`, `1` → `i`, `5` → `s`, …).
    static func readDigits(_ token: [UInt8]) -> [UInt8] {
        guard token.contains(where: { $0 >= UInt8(ascii: "a") }), token.contains(where: { $0 <= UInt8(ascii: "9") }) else {
            return token
        }
        return token.map { b in
            switch b {
            case UInt8(ascii: "0"): UInt8(ascii: "o")
            case UInt8(ascii: "1"): UInt8(ascii: "i")
            case UInt8(ascii: "3"): UInt8(ascii: "e")
            case UInt8(ascii: "4"): UInt8(ascii: "a")
            case UInt8(ascii: "5"): UInt8(ascii: "s")
            case UInt8(ascii: "7"): UInt8(ascii: "t")
            case UInt8(ascii: "8"): UInt8(ascii: "b")
            default: b
            }
        }
    }

    /// ICU romanises Hangul close to the Revised Romanization; lists mostly use McCune–Reischauer-like
    /// spellings (`KIM Jong Un`, `PAK`): initial `g`/`b`/`d` become `k`/`p`/`t`, `eo` → `o`, `eu` → `u`.
    static func koreanFix(_ token: [UInt8]) -> [UInt8] {
        var t = token
        if let first = t.first {
            switch first {
            case UInt8(ascii: "g"): t[0] = UInt8(ascii: "k")
            case UInt8(ascii: "b"): t[0] = UInt8(ascii: "p")
            case UInt8(ascii: "d"): t[0] = UInt8(ascii: "t")
            default: break
            }
        }
        // A syllable that is a lone vowel is written as lists write it: `이` → `yi` (Lee, Yi, Ri), `우` → `woo`, `오` → `oh`.
        switch t {
        case [UInt8(ascii: "i")]: return Array("yi".utf8)
        case [UInt8(ascii: "u")]: return Array("woo".utf8)
        case [UInt8(ascii: "o")]: return Array("oh".utf8)
        case [UInt8(ascii: "a")]: return Array("ah".utf8)
        default: break
        }
        // A final `g`, `b`, `d` (ICU, letter by letter) is `k`, `p`, `t` (`bag` → `pak`, `taeg` → `taek`).
        if t.count >= 2, let last = t.last, t[t.count - 2] != UInt8(ascii: "n") {
            switch last {
            case UInt8(ascii: "g"): t[t.count - 1] = UInt8(ascii: "k")
            case UInt8(ascii: "b"): t[t.count - 1] = UInt8(ascii: "p")
            case UInt8(ascii: "d"): t[t.count - 1] = UInt8(ascii: "t")
            default: break
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < t.count {
            if t[i] == UInt8(ascii: "e"), i + 1 < t.count, t[i + 1] == UInt8(ascii: "o") || t[i + 1] == UInt8(ascii: "u") {
                out.append(t[i + 1])
                i += 2
            } else {
                out.append(t[i])
                i += 1
            }
        }
        return out
    }

    static func set(_ words: String) -> Set<[UInt8]> {
        Set(words.split(separator: " ").map { Array($0.utf8) })
    }

    /// Titles, honorifics, ranks and generational suffixes, removed from names.
    static let titles = set(
        "mr mrs ms mss miss sayyid sayed syed seyed sayyed syd shykh mla mister madam dr doctor prof professor sir dame lord lady rev reverend hon sheikh shaykh sheik shaikh sheykh haji hajji hadji alhaji alhajji hajj mullah mulla maulana mawlana maulvi mawlawi moulana imam ayatollah hojatoleslam gen col colonel maj capt captain lt lieutenant sgt sergeant cmdr commander brig brigadier adm admiral marshal eng engr ing jr jnr sr snr ii iii iv esq president minister prince princess emir king queen dato datuk tan sri"
    )

    /// The token without a particle written together with it (`alghabra` → `ghabra`), if any.
    static func withoutParticle(_ text: [UInt8]) -> [UInt8]? {
        for length in 2...3 where text.count >= length + 3 {
            if particles.contains(Array(text.prefix(length))) { return Array(text.dropFirst(length)) }
        }
        return nil
    }

    /// Spelled-out legal forms and their usual abbreviations, which match exactly.
    static let legalSynonyms: [[UInt8]: [UInt8]] = {
        let pairs = ["limited": "ltd", "company": "co", "corporation": "corp", "incorporated": "inc", "compania": "cia", "companhia": "cia"]
        var map: [[UInt8]: [UInt8]] = [:]
        for (long, short) in pairs { map[Array(long.utf8)] = Array(short.utf8) }
        return map
    }()

    /// The Arabic article as written before a word starting with a "sun letter" (`t th d dh r z s sh ṣ ḍ ṭ ẓ n`).
    static let assimilatedArticles = set("at ath ad adh ar az as ash an ut ud ur uz us ush un et ed er ez es esh en")

    /// Particles of Arabic, Romance, Germanic and other names.
    static let particles = set("al el ul bin bn ibn ben bint binti van von der den de del della dei di da du dos das do la le les los las y e und and of the st ter ten")

    /// Company legal forms and their abbreviations (after dotted initialisms are joined).
    static let legalForms = set(
        "ltd ltda limited llc lc llp lp plc inc incorporated corp corporation co company cia sa sac sas saic sae sal sarl srl sl spa sc scs sca cv sdecv gmbh mbh ag kg ohg ug bv nv ab as asa oy oyj pte pty pvt fze fzco fzc fzllc jsc ojsc cjsc pjsc ooo zao oao pao ao eirl wll kft doo sro bhd sdn tbk pt est"
    )

    /// Cyrillic and Greek letters that look like Latin ones, mapped when a name also has Latin letters.
    static let homoglyphs: [UInt32: Unicode.Scalar] = {
        let pairs: [(String, String)] = [
            ("АВСЕНКМОРТХУ", "ABCEHKMOPTXY"), ("авсенкмортху", "abcehkmoptxy"),
            ("ЅІЈԁԛԜѕіјӏԝ", "SIJdqWsijlw"), ("ЁЇ", "EI"), ("ёї", "ei"),
            ("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"), ("αβεικνορτυχ", "abeiknoptux"),
        ]
        var map: [UInt32: Unicode.Scalar] = [:]
        for (from, to) in pairs {
            for (f, t) in zip(from.unicodeScalars, to.unicodeScalars) { map[f.value] = t }
        }
        return map
    }()
}
