// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Transliteration-tolerant comparison of name tokens, for names written in different scripts or
/// romanised by different conventions (our own tables and costs, from general knowledge of how
/// names are romanised):
///
/// - A **variant table**: spellings of one name that no letter rule relates (`muhammad` ~ `mhmd` ~
///   `mehmet`, `abdul` ~ `abd` ~ `abdel`, Korean surnames `lee` ~ `yi` ~ `rhee` ~ `ri`, `park` ~
///   `pak` ~ `bak`), and Wade–Giles syllables read as the pinyin ones they may stand for
///   (`hsi` → `xi`, `chin` → `jin`/`qin`, `tse` → `ze`/`ce`, `tung` → `dong`/`tong`): kind
///   ``TokenPair/Kind/variant``.
/// - A **consonant skeleton** (``skeleton(_:)``): digraphs folded to one sound (`kh`, `sh`, `ch`,
///   `zh`, `th`, `dh`, `ph`, `ts`/`tz`/`dz`, `tsch`, `shch`), doubled letters collapsed, vowels
///   dropped (a leading vowel kept as `a`), and consonants merged into the classes romanisations
///   swap (`k q c g gh kh h`, `s z sh zh ch j ts`, `t d th dh`, `p b`, `f v w ph`). Two tokens with the
///   same skeleton are aligned sound by sound (``alignment(_:_:)``), cheaply where romanisations
///   differ (`kh`/`h`, `k`/`g`, `b`/`p`, `d`/`t`, `e`/`i`, `o`/`u`, a vowel written or not): kind
///   ``TokenPair/Kind/transliteration``.
enum NameVariants {
    // MARK: Sounds

    /// One sound per symbol: vowels `a e i o u`, consonants as written, and `X` (kh), `S` (sh, sch,
    /// shch), `C` (ch, tch, tsch), `Z` (zh), `J` (j, dj, dzh), `T` (th), `D` (dh), `G` (gh), `Q` (ts,
    /// tz, dz), `N` (ng at the end or before a consonant), `Y` (y before a vowel), `W` (w).
    static func sounds(_ t: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(t.count)
        let n = t.count
        func at(_ k: Int) -> UInt8 { k < n && k >= 0 ? t[k] : 0 }
        func vowel(_ c: UInt8) -> Bool { c == 97 || c == 101 || c == 105 || c == 111 || c == 117 || c == 121 }
        var i = 0
        // Greek `γι`/`γιο` and `yi` before a vowel at the start: `y` (`giannis` ~ `yannis`, `yiorgos` ~ `giorgos`).
        if n >= 3, t[0] == UInt8(ascii: "g") || t[0] == UInt8(ascii: "y"), t[1] == UInt8(ascii: "i"), vowel(t[2]) && t[2] != UInt8(ascii: "i") {
            out.append(UInt8(ascii: "Y"))
            i = 2
        }
        func starts(_ s: StaticString, _ k: Int) -> Bool {
            let count = s.utf8CodeUnitCount
            guard k + count <= n else { return false }
            let p = s.utf8Start
            for j in 0..<count where t[k + j] != p[j] { return false }
            return true
        }
        while i < n {
            let c = t[i]
            var symbol = c, advance = 1
            if starts("shch", i) { symbol = UInt8(ascii: "S"); advance = 4 }
            else if starts("tsch", i) { symbol = UInt8(ascii: "C"); advance = 4 }
            else if starts("dzh", i) { symbol = UInt8(ascii: "J"); advance = 3 }
            else if starts("sch", i) { symbol = UInt8(ascii: "S"); advance = 3 }
            else if starts("tch", i) { symbol = UInt8(ascii: "C"); advance = 3 }
            else {
                switch (c, at(i + 1)) {
                case (UInt8(ascii: "s"), UInt8(ascii: "h")): symbol = UInt8(ascii: "S"); advance = 2
                case (UInt8(ascii: "c"), UInt8(ascii: "h")): symbol = UInt8(ascii: "C"); advance = 2
                case (UInt8(ascii: "z"), UInt8(ascii: "h")): symbol = UInt8(ascii: "Z"); advance = 2
                case (UInt8(ascii: "k"), UInt8(ascii: "h")): symbol = UInt8(ascii: "X"); advance = 2
                case (UInt8(ascii: "t"), UInt8(ascii: "h")): symbol = UInt8(ascii: "T"); advance = 2
                case (UInt8(ascii: "d"), UInt8(ascii: "h")): symbol = UInt8(ascii: "D"); advance = 2
                case (UInt8(ascii: "g"), UInt8(ascii: "h")): symbol = UInt8(ascii: "G"); advance = 2
                case (UInt8(ascii: "p"), UInt8(ascii: "h")): symbol = UInt8(ascii: "f"); advance = 2
                case (UInt8(ascii: "d"), UInt8(ascii: "j")): symbol = UInt8(ascii: "J"); advance = 2
                case (UInt8(ascii: "c"), UInt8(ascii: "k")): symbol = UInt8(ascii: "k"); advance = 2
                case (UInt8(ascii: "t"), UInt8(ascii: "s")), (UInt8(ascii: "t"), UInt8(ascii: "z")), (UInt8(ascii: "d"), UInt8(ascii: "z")):
                    symbol = UInt8(ascii: "Q"); advance = 2
                case (UInt8(ascii: "n"), UInt8(ascii: "g")) where !vowel(at(i + 2)):
                    symbol = UInt8(ascii: "N"); advance = 2
                case (UInt8(ascii: "c"), let next):
                    symbol = next == UInt8(ascii: "e") || next == UInt8(ascii: "i") || next == UInt8(ascii: "y") ? UInt8(ascii: "s") : UInt8(ascii: "k")
                case (UInt8(ascii: "q"), _): symbol = UInt8(ascii: "k")
                case (UInt8(ascii: "j"), _): symbol = UInt8(ascii: "J")
                case (UInt8(ascii: "w"), _): symbol = UInt8(ascii: "W")
                case (UInt8(ascii: "x"), _):
                    out.append(UInt8(ascii: "k"))
                    symbol = UInt8(ascii: "s")
                case (UInt8(ascii: "y"), let next):
                    symbol = vowel(next) && next != UInt8(ascii: "y") ? UInt8(ascii: "Y") : UInt8(ascii: "i")
                case (UInt8(ascii: "o"), UInt8(ascii: "u")), (UInt8(ascii: "o"), UInt8(ascii: "o")):
                    symbol = UInt8(ascii: "u"); advance = 2
                case (UInt8(ascii: "e"), UInt8(ascii: "e")):
                    symbol = UInt8(ascii: "i"); advance = 2
                case (UInt8(ascii: "e"), UInt8(ascii: "u")) where i > 0:
                    // Korean `eu` (Revised Romanization) is `u` elsewhere (`geun` ~ `kun`).
                    symbol = UInt8(ascii: "u"); advance = 2
                default: break
                }
            }
            // Doubled letters (and repeated sounds) are one.
            if out.last != symbol { out.append(symbol) }
            i += advance
        }
        return out
    }

    static func isVowelSound(_ s: UInt8) -> Bool {
        s == UInt8(ascii: "a") || s == UInt8(ascii: "e") || s == UInt8(ascii: "i") || s == UInt8(ascii: "o") || s == UInt8(ascii: "u")
    }

    /// The class of a sound in the skeleton (0 for vowels and semivowels, which the skeleton drops).
    static func soundClass(_ s: UInt8) -> UInt8 {
        switch s {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "Y"), UInt8(ascii: "W"): 0
        case UInt8(ascii: "k"), UInt8(ascii: "g"), UInt8(ascii: "G"), UInt8(ascii: "X"), UInt8(ascii: "h"): UInt8(ascii: "K")
        case UInt8(ascii: "s"), UInt8(ascii: "z"), UInt8(ascii: "S"), UInt8(ascii: "Z"), UInt8(ascii: "C"), UInt8(ascii: "J"), UInt8(ascii: "Q"): UInt8(ascii: "S")
        case UInt8(ascii: "t"), UInt8(ascii: "d"), UInt8(ascii: "T"), UInt8(ascii: "D"): UInt8(ascii: "T")
        case UInt8(ascii: "p"), UInt8(ascii: "b"): UInt8(ascii: "P")
        case UInt8(ascii: "f"), UInt8(ascii: "v"): UInt8(ascii: "F")
        case UInt8(ascii: "n"), UInt8(ascii: "N"): UInt8(ascii: "N")
        default: s
        }
    }

    /// The consonant skeleton of a token: its sounds' classes, vowels and semivowels dropped (a
    /// leading vowel kept as `a`), repeats collapsed. `mohammed`, `muhammad`, `mhmd` → `KMKMT`…
    static func skeleton(_ t: [UInt8]) -> [UInt8] { skeleton(sounds: sounds(t)) }

    /// The skeleton of ``sounds(_:)``.
    static func skeleton(sounds s: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        if let first = s.first, soundClass(first) == 0, first != UInt8(ascii: "Y") { out.append(UInt8(ascii: "a")) }
        for sound in s {
            let c = soundClass(sound)
            if c != 0 && out.last != c { out.append(c) }
        }
        return out
    }

    /// The cost of writing sound `a` for sound `b` (both non-nil), by how often romanisations swap them.
    static func substitution(_ a: UInt8, _ b: UInt8) -> Double {
        if a == b { return 0 }
        let av = isVowelSound(a), bv = isVowelSound(b)
        if av && bv {
            let pair = a < b ? (a, b) : (b, a)
            switch pair {
            case (UInt8(ascii: "a"), UInt8(ascii: "e")), (UInt8(ascii: "e"), UInt8(ascii: "i")), (UInt8(ascii: "o"), UInt8(ascii: "u")): return 0.1
            default: return 0.5
            }
        }
        if av || bv {
            // A semivowel written as a vowel (`husayn` ~ `hussein`, `wolodymyr` ~ `volodymyr`).
            let other = av ? b : a, v = av ? a : b
            if other == UInt8(ascii: "Y") && (v == UInt8(ascii: "i") || v == UInt8(ascii: "e")) { return 0.2 }
            if other == UInt8(ascii: "W") && (v == UInt8(ascii: "u") || v == UInt8(ascii: "o")) { return 0.2 }
            return 1
        }
        if soundClass(a) == soundClass(b) {
            let pair = a < b ? (a, b) : (b, a)
            switch pair {
            case (UInt8(ascii: "X"), UInt8(ascii: "h")), (UInt8(ascii: "X"), UInt8(ascii: "k")), (UInt8(ascii: "g"), UInt8(ascii: "k")),
                (UInt8(ascii: "G"), UInt8(ascii: "g")), (UInt8(ascii: "G"), UInt8(ascii: "k")), (UInt8(ascii: "G"), UInt8(ascii: "X")),
                (UInt8(ascii: "b"), UInt8(ascii: "p")), (UInt8(ascii: "d"), UInt8(ascii: "t")), (UInt8(ascii: "T"), UInt8(ascii: "t")),
                (UInt8(ascii: "D"), UInt8(ascii: "d")), (UInt8(ascii: "f"), UInt8(ascii: "v")), (UInt8(ascii: "s"), UInt8(ascii: "z")),
                (UInt8(ascii: "S"), UInt8(ascii: "s")), (UInt8(ascii: "C"), UInt8(ascii: "S")), (UInt8(ascii: "Z"), UInt8(ascii: "z")),
                (UInt8(ascii: "S"), UInt8(ascii: "Z")), (UInt8(ascii: "J"), UInt8(ascii: "Z")), (UInt8(ascii: "C"), UInt8(ascii: "J")),
                (UInt8(ascii: "Q"), UInt8(ascii: "s")), (UInt8(ascii: "Q"), UInt8(ascii: "z")), (UInt8(ascii: "C"), UInt8(ascii: "Q")),
                (UInt8(ascii: "N"), UInt8(ascii: "n")):
                return 0.25
            default: return 0.6
            }
        }
        if (a == UInt8(ascii: "W") && b == UInt8(ascii: "v")) || (a == UInt8(ascii: "v") && b == UInt8(ascii: "W")) { return 0.3 }
        return 1
    }

    /// The cost of a sound written on one side only: a vowel (0.2 when a side is unvowelled,
    /// romanised from Arabic script or written without vowels: `hsn` ~ `hasan`), `h`, a semivowel.
    static func indel(_ s: UInt8, unvowelled: Bool) -> Double {
        if isVowelSound(s) { return unvowelled ? 0.2 : 0.35 }
        switch s {
        case UInt8(ascii: "h"): return 0.3
        case UInt8(ascii: "Y"), UInt8(ascii: "W"): return 0.35
        default: return 1
        }
    }

    /// The similarity of two tokens' sounds: `1 − cost / length`, where the cost is the cheapest
    /// alignment (``substitution(_:_:)``, ``indel(_:)``) and the length the longer side's, a
    /// consonant counting 1 and a vowel 0.5.
    static func alignment(_ a: [UInt8], _ b: [UInt8], unvowelled: Bool = false) -> Double {
        alignment(sounds: sounds(a)[...], sounds(b)[...], unvowelled: unvowelled)
    }

    /// ``alignment(_:_:unvowelled:)`` of tokens' ``sounds(_:)``.
    static func alignment(sounds xs: ArraySlice<UInt8>, _ ys: ArraySlice<UInt8>, unvowelled: Bool = false) -> Double {
        func indel(_ s: UInt8) -> Double { Self.indel(s, unvowelled: unvowelled) }
        let n = xs.count, m = ys.count
        let x0 = xs.startIndex, y0 = ys.startIndex
        func x(_ k: Int) -> UInt8 { xs[x0 + k] }
        func y(_ k: Int) -> UInt8 { ys[y0 + k] }
        if n == 0 || m == 0 { return 0 }
        func length(_ s: ArraySlice<UInt8>) -> Double { s.reduce(0) { $0 + (isVowelSound($1) ? 0.5 : 1) } }
        let longest = max(length(xs), length(ys))
        let cost = withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * (m + 1)) { buffer -> Double in
            var previous = UnsafeMutableBufferPointer(rebasing: buffer[0...m])
            var current = UnsafeMutableBufferPointer(rebasing: buffer[(m + 1)...])
            previous[0] = 0
            for j in 1...m { previous[j] = previous[j - 1] + indel(y(j - 1)) }
            for i in 1...n {
                let a = x(i - 1)
                current[0] = previous[0] + indel(a)
                for j in 1...m {
                    let b = y(j - 1)
                    var swap = substitution(a, b)
                    // From a script without short vowels, the long vowels written are loose too.
                    if unvowelled && swap == 0.5 && isVowelSound(a) && isVowelSound(b) { swap = 0.25 }
                    current[j] = min(previous[j - 1] + swap, previous[j] + indel(a), current[j - 1] + indel(b))
                }
                swap(&previous, &current)
            }
            return previous[m]
        }
        return max(0, 1 - cost / longest)
    }

    // MARK: Variant table

    /// Spellings of one name that letter rules do not relate, each line a class (our own list).
    static let variantLines = """
        muhammad mohammed mohamed mohammad muhammed mohamad muhamad mohamud mohamad mehmet mehmed mhmd mohd muhammet mohammod mahomet
        abdul abd abdel abdal abdol abdoul abdu abdoulaye
        qadhafi qdhafi qadhdhafi gaddafi qaddafi gadhafi kadafi qadafi kaddafi gadafi
        jamal jmal gamal
        husayn hussein husein hussain husain hosein hossein hsyn hosain hussien huseyn khusein khuseyn
        hasan hassan hsn hassen
        yusuf yousef youssef yusef yousif yusif jusuf yousuf yosef iusuf
        ahmad ahmed ahmet ahmd akhmed akhmad
        mahmud mahmoud mahmood mehmud
        mustafa mustapha moustafa mostafa mstfa
        uthman osman othman usman ousmane thman
        umar omar omer
        ibrahim ebrahim ibraheem ibragim brahim
        jafar jaafar jafer dzhafar
        qasim kasim qassem qasem ghasem kassem qassim kasym
        sulayman suleiman sulaiman soleiman suleyman sliman slyman
        said saeed sayed saied sayid saiid
        khalid khaled halid
        sergei sergey sergej serguei sergiy serhiy
        aleksandr alexander aleksander alexandr alexandre oleksandr aliaksandr alyaksandr
        dmitri dmitry dmitriy dmitrii
        yevgeny evgeny evgeniy evgenii yevgeniy evgenij jewgeni
        yuri yury yuriy iouri juri
        georgios giorgos yiorgos
        lee yi ri rhee li rhie
        park pak bak bahk
        choi choe chey
        kim gim
        roh noh no ro
        chung jung jeong chong jong
        jang chang
        cho jo
        yoon yun
        moon mun
        shin sin
        ahn an
        yoo yu ryu
        jeon chun chon jun jon
        ko go koh
        son sohn
        seo suh so
        heo huh ho
        lim im rim
        hyon hyun hyeon
        kang gang
        han hahn
        pae bae
        paek baek
        """

    static let variantClasses: [[UInt8]: Int32] = {
        var map: [[UInt8]: Int32] = [:]
        for (k, line) in variantLines.split(separator: "\n").enumerated() {
            for word in line.split(separator: " ") { map[Array(word.utf8)] = Int32(k) }
        }
        return map
    }()

    /// The token's class in the variant table, −1 if none.
    static func variantClass(_ t: [UInt8]) -> Int32 { variantClasses[t] ?? -1 }

    // MARK: Wade–Giles

    /// The pinyin syllables a Wade–Giles syllable (apostrophes dropped) may stand for, when it is not
    /// already pinyin of itself; empty otherwise.
    static func pinyin(wadeGiles t: [UInt8]) -> [[UInt8]] {
        guard t.count >= 2 && t.count <= 7 else { return [] }
        let s = String(decoding: t, as: UTF8.self)
        if let special = wadeGilesWhole[s] { return special.split(separator: " ").map { Array($0.utf8) } }
        // Initial: unaspirated and aspirated (the apostrophe is gone), then the final.
        let initials: [(String, [String])] = [
            ("tsz", ["c", "z"]), ("hs", ["x"]), ("ch", ["zh", "j", "ch", "q"]), ("ts", ["z", "c"]), ("tz", ["z", "c"]),
            ("sh", ["sh"]), ("j", ["r"]), ("k", ["g", "k"]), ("p", ["b", "p"]), ("t", ["d", "t"]),
        ]
        var heads: [String] = [""], rest = Substring(s)
        for (wg, py) in initials where s.hasPrefix(wg) {
            heads = py
            rest = s.dropFirst(wg.count)
            break
        }
        if heads == [""] {
            // Initials WG and pinyin share (`l`, `m`, `n`, `f`, `h`, `s`, `y`, `w`, or none).
            guard let first = s.first, "lmnfhsyw".contains(first) || "aeiou".contains(first) else { return [] }
            heads = [String(first)]
            rest = s.dropFirst()
            if !"lmnfhsyw".contains(first) { heads = [""]; rest = Substring(s) }
        }
        let finals: [String: String] = [
            "ung": "ong", "iung": "iong", "ieh": "ie", "ien": "ian", "ueh": "ue", "uei": "ui", "ih": "i", "u": "u", "eh": "e",
            "o": "o", "uo": "uo", "ai": "ai", "ao": "ao", "an": "an", "ang": "ang", "ei": "ei", "en": "en", "eng": "eng", "i": "i",
            "ia": "ia", "iao": "iao", "iang": "iang", "in": "in", "ing": "ing", "iu": "iu", "ou": "ou", "ua": "ua", "uai": "uai",
            "uan": "uan", "uang": "uang", "un": "un", "ui": "ui", "a": "a", "e": "e",
        ]
        guard let final = finals[String(rest)] else { return [] }
        var out: [[UInt8]] = []
        for head in heads {
            var f = final
            // After `k`, `h` and the retroflexes, WG `o` is pinyin `e` (`ko` → `ge`, `ho` → `he`); `ih` is `i`.
            if rest == "o" && ["g", "k", "h", "zh", "ch", "sh", "r", "d", "t"].contains(head) { f = "e" }
            if rest == "u" && ["z", "c"].contains(head) { f = "i" }  // `tzu` → `zi`
            let syllable = Array((head + f).utf8)
            if syllable != t && !out.contains(syllable) { out.append(syllable) }
        }
        return out
    }

    /// Wade–Giles syllables that do not follow the initial-and-final rules.
    static let wadeGilesWhole: [String: String] = [
        "szu": "si", "ssu": "si", "tzu": "zi ci", "erh": "er", "yu": "you yu", "yeh": "ye", "yen": "yan", "yung": "yong",
        "jih": "ri", "shih": "shi", "chih": "zhi chi", "tse": "ze ce", "tsu": "zu cu", "hsueh": "xue", "hsun": "xun",
        "kuo": "guo kuo", "kung": "gong kong", "tung": "dong tong", "chung": "zhong chong", "chiang": "jiang qiang",
        "ching": "jing qing", "chin": "jin qin", "chou": "zhou chou", "chao": "zhao chao", "chen": "zhen chen", "cheng": "zheng cheng",
        "chu": "zhu chu ju qu", "chun": "zhun chun jun", "chi": "ji qi", "hsi": "xi", "hsia": "xia", "hsiao": "xiao",
        "hsien": "xian", "hsin": "xin", "hsing": "xing", "hsiung": "xiong", "hsiu": "xiu", "hsu": "xu",
    ]

    /// The pinyin readings of a token (Wade–Giles syllables only), for the token: one look-up in
    /// every syllable's readings, worked out once.
    static func readings(_ t: [UInt8]) -> [[UInt8]] {
        guard t.count >= 2 && t.count <= 7 else { return [] }
        return wadeGilesTable[t] ?? []
    }

    static let wadeGilesTable: [[UInt8]: [[UInt8]]] = {
        var table: [[UInt8]: [[UInt8]]] = [:]
        let initials = ["", "tsz", "hs", "ch", "ts", "tz", "sh", "j", "k", "p", "t", "l", "m", "n", "f", "h", "s", "y", "w"]
        let finals = [
            "ung", "iung", "ieh", "ien", "ueh", "uei", "ih", "u", "eh", "o", "uo", "ai", "ao", "an", "ang", "ei", "en", "eng", "i", "ia",
            "iao", "iang", "in", "ing", "iu", "ou", "ua", "uai", "uan", "uang", "un", "ui", "a", "e",
        ]
        var syllables = Set(wadeGilesWhole.keys)
        for i in initials { for f in finals { syllables.insert(i + f) } }
        for syllable in syllables {
            let readings = pinyin(wadeGiles: Array(syllable.utf8))
            if !readings.isEmpty { table[Array(syllable.utf8)] = readings }
        }
        return table
    }()
}
