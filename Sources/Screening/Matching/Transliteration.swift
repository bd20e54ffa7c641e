// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// Romanisation of Arabic (and Persian), Cyrillic and Greek names the way sanctions lists and
/// passports spell them, rather than letter-exact scholarly schemes: Arabic `علي حسن المجيد`
/// → `ali hsn al mjid` (the article a word of its own, initial ʿayn and alif as `a`, long `و`/`ي`
/// inside a word as `u`/`i`, as in `Ali`, `Abd`, `Mahmud`), Cyrillic `Хусейн Щукин` →
/// `khuseyn shchukin` (BGN/PCGN-like; `г` → `h` in Ukrainian names), Greek `Αλέξης` → `alexis`
/// (ELOT 743-like). Letters of other scripts are left as they are, for ICU.
enum Transliteration {
    /// Whether `text` has letters this romaniser handles.
    static func applies(to text: String) -> Bool {
        text.unicodeScalars.contains { script($0.value) != nil }
    }

    enum Script { case arabic, cyrillic, greek }

    static func script(_ v: UInt32) -> Script? {
        switch v {
        case 0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: .arabic
        case 0x0400...0x052F: .cyrillic
        case 0x0370...0x03FF, 0x1F00...0x1FFF: .greek
        default: nil
        }
    }

    /// `text` with its Arabic, Cyrillic and Greek words romanised (other characters unchanged);
    /// with `arabicOnly`, Cyrillic and Greek are left (a Latin name's look-alike letters).
    static func latin(_ text: String, arabicOnly: Bool = false) -> String {
        // Arabic presentation forms and Greek accents are undone first.
        let scalars = Array(text.precomposedStringWithCompatibilityMapping.decomposedStringWithCanonicalMapping.unicodeScalars)
        let ukrainian = scalars.contains { [0x0456, 0x0457, 0x0454, 0x0491, 0x0406, 0x0407, 0x0404, 0x0490].contains($0.value) }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let v = scalars[i].value
            guard let script = script(v), !arabicOnly || script == .arabic else {
                out.append(scalars[i])
                i += 1
                continue
            }
            // One word of the script.
            var j = i
            while j < scalars.count, Self.script(scalars[j].value) == script || isMark(scalars[j].value) && script != .arabic { j += 1 }
            let word = Array(scalars[i..<j].map(\.value))
            let romanised: String
            switch script {
            case .arabic: romanised = arabic(word).split(separator: " ").map { "\u{2}" + $0 }.joined(separator: " ")
            case .cyrillic: romanised = cyrillic(word, ukrainian: ukrainian)
            case .greek: romanised = greek(word)
            }
            out.append(contentsOf: romanised.unicodeScalars)
            i = j
        }
        return String(out)
    }

    static func isMark(_ v: UInt32) -> Bool { (0x0300...0x036F).contains(v) }

    // MARK: Arabic

    static let arabicConsonants: [UInt32: String] = [
        0x0628: "b", 0x062A: "t", 0x062B: "th", 0x062C: "j", 0x062D: "h", 0x062E: "kh", 0x062F: "d", 0x0630: "dh", 0x0631: "r",
        0x0632: "z", 0x0633: "s", 0x0634: "sh", 0x0635: "s", 0x0636: "d", 0x0637: "t", 0x0638: "z", 0x063A: "gh", 0x0641: "f",
        0x0642: "q", 0x0643: "k", 0x0644: "l", 0x0645: "m", 0x0646: "n", 0x0647: "h", 0x067E: "p", 0x0686: "ch", 0x0698: "zh",
        0x06AF: "g", 0x06A9: "k", 0x06A4: "v",
    ]

    static func arabic(_ word: [UInt32]) -> String {
        var letters = word
        var out = ""
        // The article written together: `الرحمن` → `al rahman` (`الله` is `allah`).
        if letters == [0x0627, 0x0644, 0x0644, 0x0647] { return "allah" }
        if letters.count >= 4 && letters[0] == 0x0627 && letters[1] == 0x0644 {
            out = "al "
            letters.removeFirst(2)
        }
        // `عبدالله`, `عبدالرحمن`: `abd al …`.
        if letters.count >= 6 && Array(letters.prefix(5)) == [0x0639, 0x0628, 0x062F, 0x0627, 0x0644] {
            let rest = Array(letters.dropFirst(5))
            return out + "abd al " + (rest == [0x0644, 0x0647] ? "lah" : arabic(rest))
        }
        var previousVowel = true  // at the start, `و` and `ي` are consonants
        func isVowelLetter(_ v: UInt32) -> Bool { [0x0627, 0x0623, 0x0625, 0x0622, 0x0649, 0x0648, 0x064A, 0x06CC, 0x0629].contains(v) }
        for (k, v) in letters.enumerated() {
            let first = k == 0
            let last = k == letters.count - 1
            // Before a long vowel, `و` and `ي` are consonants (`ظواهري` → `zwahiri`).
            let beforeVowel = !last && isVowelLetter(letters[k + 1]) && letters[k + 1] != v
            switch v {
            case 0x0627, 0x0623, 0x0625, 0x0622, 0x0671:  // alif and alif with hamza or madda
                out += "a"
                previousVowel = true
            case 0x0649:  // alif maqsura
                out += "a"
                previousVowel = true
            case 0x0639:  // ʿayn: a vowel sound at the start (`Ali`, `Abd`, `Umar`), silent elsewhere, but `a` before a long `و`/`ي` (`Saud`, `Said`)
                if first {
                    out += "a"
                    previousVowel = true
                } else if !last && (letters[k + 1] == 0x0648 || letters[k + 1] == 0x064A) && k + 2 < letters.count && !isVowelLetter(letters[k + 2]) {
                    out += "a"
                    previousVowel = false  // a consonant: the `و`/`ي` after it is a long vowel
                } else {
                    previousVowel = true
                }
            case 0x0621, 0x0624, 0x0626:  // hamza, on waw, on ya
                if v == 0x0626 && !last { out += "i" }
                previousVowel = true
            case 0x0629:  // ta marbuta
                out += "a"
                previousVowel = true
            case 0x0648:  // waw: `w` at the start or after a vowel, else a long `u`
                if first || previousVowel || beforeVowel { out += "w"; previousVowel = false } else { out += "u"; previousVowel = true }
            case 0x064A, 0x06CC:  // ya: `y` at the start or after a vowel, else a long `i`
                if first || (previousVowel || beforeVowel) && !last { out += "y"; previousVowel = false } else { out += "i"; previousVowel = true }
            case 0x064E: out += "a"; previousVowel = true  // fatha
            case 0x064F: out += "u"; previousVowel = true  // damma
            case 0x0650: out += "i"; previousVowel = true  // kasra
            case 0x0651:  // shadda: the consonant doubled
                if let c = out.unicodeScalars.last, c.properties.isAlphabetic { out.unicodeScalars.append(c) }
            default:
                if let c = arabicConsonants[v] {
                    out += c
                    previousVowel = false
                }  // other marks (sukun, tanwin, tatweel) are dropped
            }
        }
        return out
    }

    // MARK: Cyrillic

    static let cyrillicLetters: [UInt32: String] = {
        let lower: [(Character, String)] = [
            ("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "e"), ("ж", "zh"), ("з", "z"), ("и", "i"),
            ("й", "y"), ("к", "k"), ("л", "l"), ("м", "m"), ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"),
            ("у", "u"), ("ф", "f"), ("х", "kh"), ("ц", "ts"), ("ч", "ch"), ("ш", "sh"), ("щ", "shch"), ("ъ", ""), ("ы", "y"), ("ь", ""),
            ("э", "e"), ("ю", "yu"), ("я", "ya"), ("і", "i"), ("ї", "yi"), ("є", "ye"), ("ґ", "g"), ("ў", "u"), ("ј", "j"), ("љ", "lj"),
            ("њ", "nj"), ("ћ", "c"), ("ђ", "dj"), ("џ", "dz"), ("ѓ", "gj"), ("ќ", "kj"), ("ѕ", "dz"), ("ә", "a"), ("ғ", "g"), ("қ", "k"),
            ("ң", "n"), ("ө", "o"), ("ұ", "u"), ("ү", "u"), ("һ", "h"), ("ҳ", "h"), ("ҷ", "j"), ("ӣ", "i"), ("ӯ", "u"),
        ]
        var map: [UInt32: String] = [:]
        for (c, s) in lower {
            let scalar = c.unicodeScalars.first!
            map[scalar.value] = s
            for upper in String(c).uppercased().unicodeScalars where upper != scalar { map[upper.value] = s }
        }
        return map
    }()

    static func cyrillic(_ word: [UInt32], ukrainian: Bool) -> String {
        var out = ""
        for (k, v) in word.enumerated() {
            let lower = v >= 0x0410 && v <= 0x042F ? v + 0x20 : v
            if ukrainian && (lower == 0x0433) { out += "h"; continue }  // Ukrainian г
            if ukrainian && lower == 0x0438 { out += "y"; continue }  // Ukrainian и
            // `е` after a vowel or at the start of a word is `ye` (`Евгений` → `yevgeniy`, lists also
            // write `Evgeny`: both spell the same key).
            if lower == 0x0435 && k == 0 { out += "ye"; continue }
            if let s = cyrillicLetters[v] ?? cyrillicLetters[lower] { out += s } else if !isMark(v) { out.unicodeScalars.append(Unicode.Scalar(v)!) }
        }
        return out
    }

    // MARK: Greek

    static func greek(_ word: [UInt32]) -> String {
        // Accents were decomposed away; fold case.
        let letters = String(String.UnicodeScalarView(word.filter { !isMark($0) }.compactMap(Unicode.Scalar.init))).lowercased().unicodeScalars.map(\.value)
        let single: [UInt32: String] = [
            0x03B1: "a", 0x03B2: "v", 0x03B3: "g", 0x03B4: "d", 0x03B5: "e", 0x03B6: "z", 0x03B7: "i", 0x03B8: "th", 0x03B9: "i",
            0x03BA: "k", 0x03BB: "l", 0x03BC: "m", 0x03BD: "n", 0x03BE: "x", 0x03BF: "o", 0x03C0: "p", 0x03C1: "r", 0x03C3: "s",
            0x03C2: "s", 0x03C4: "t", 0x03C5: "y", 0x03C6: "f", 0x03C7: "ch", 0x03C8: "ps", 0x03C9: "o",
        ]
        var out = ""
        var k = 0
        while k < letters.count {
            let c = letters[k], next = k + 1 < letters.count ? letters[k + 1] : 0
            switch (c, next) {
            case (0x03BF, 0x03C5): out += "ou"; k += 2; continue  // ου
            case (0x03B1, 0x03C5): out += "av"; k += 2; continue  // αυ
            case (0x03B5, 0x03C5): out += "ev"; k += 2; continue  // ευ
            case (0x03B3, 0x03B3): out += "ng"; k += 2; continue  // γγ
            case (0x03BC, 0x03C0) where k == 0: out += "b"; k += 2; continue  // initial μπ
            case (0x03BD, 0x03C4) where k == 0: out += "d"; k += 2; continue  // initial ντ
            default: break
            }
            out += single[c] ?? ""
            k += 1
        }
        return out
    }
}
