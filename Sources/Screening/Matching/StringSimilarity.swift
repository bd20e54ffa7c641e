// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// String similarities over ASCII byte strings (names are normalised to `a`–`z` and `0`–`9` first).
enum StringSimilarity {
    /// Jaro–Winkler similarity in 0…1: the Jaro similarity (matching characters within a window of
    /// half the longer length, minus half the transpositions) raised for a common prefix of up to 4
    /// characters with the usual scaling factor 0.1.
    static func jaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let n = a.count, m = b.count
        if n == 0 || m == 0 { return n == m ? 1 : 0 }
        if a == b { return 1 }
        let window = max(0, max(n, m) / 2 - 1)
        // Names are short: stack-friendly fixed flags would be faster, but arrays keep it simple.
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: n + m) { flags in
        flags.initialize(repeating: false)
        let aMatched = UnsafeMutableBufferPointer(rebasing: flags[0..<n])
        let bMatched = UnsafeMutableBufferPointer(rebasing: flags[n..<(n + m)])
        var matches = 0
        for i in 0..<n {
            let lo = max(0, i - window), hi = min(m - 1, i + window)
            if lo > hi { continue }
            for j in lo...hi where !bMatched[j] && a[i] == b[j] {
                aMatched[i] = true
                bMatched[j] = true
                matches += 1
                break
            }
        }
        if matches == 0 { return 0.0 }
        var transpositions = 0
        var j = 0
        for i in 0..<n where aMatched[i] {
            while !bMatched[j] { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let mm = Double(matches)
        let jaro = (mm / Double(n) + mm / Double(m) + (mm - Double(transpositions / 2)) / mm) / 3
        var prefix = 0
        while prefix < min(4, min(n, m)) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
        }
    }

    /// The optimal-string-alignment variant of the Damerau–Levenshtein distance: insertions,
    /// deletions, substitutions and transpositions of adjacent characters cost 1, except that
    /// substituting characters OCR commonly confuses (`i`/`l`, `o`/`0`, …) costs 0.5.
    static func damerauLevenshtein(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let n = a.count, m = b.count
        if n == 0 { return Double(m) }
        if m == 0 { return Double(n) }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * (m + 1)) { buffer in
        buffer.initialize(repeating: 0)
        var previous2 = UnsafeMutableBufferPointer(rebasing: buffer[0...m])
        var previous = UnsafeMutableBufferPointer(rebasing: buffer[(m + 1)...(2 * m + 1)])
        var current = UnsafeMutableBufferPointer(rebasing: buffer[(2 * m + 2)...(3 * m + 2)])
        for j in 0...m { previous[j] = Double(j) }
        for i in 1...n {
            current[0] = Double(i)
            for j in 1...m {
                let cost: Double = a[i - 1] == b[j - 1] ? 0 : (confusable(a[i - 1], b[j - 1]) ? 0.5 : 1)
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = min(best, previous2[j - 2] + 1)
                }
                current[j] = best
            }
            swap(&previous2, &previous)
            swap(&previous, &current)
        }
        return previous[m]
        }
    }

    /// `1 − distance / longer length`.
    static func damerauLevenshteinSimilarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let longest = max(a.count, b.count)
        if longest == 0 { return 1 }
        return max(0, 1 - damerauLevenshtein(a, b) / Double(longest))
    }

    /// Pairs of letters that OCR and handwriting confuse, or that spell the same sound in common
    /// transliterations (`i`/`y`, `c`/`k`, `u`/`o`).
    static func confusable(_ x: UInt8, _ y: UInt8) -> Bool {
        let pair = x < y ? (x, y) : (y, x)
        switch pair {
        case (UInt8(ascii: "i"), UInt8(ascii: "l")), (UInt8(ascii: "i"), UInt8(ascii: "y")),
            (UInt8(ascii: "c"), UInt8(ascii: "k")), (UInt8(ascii: "k"), UInt8(ascii: "q")),
            (UInt8(ascii: "o"), UInt8(ascii: "u")), (UInt8(ascii: "e"), UInt8(ascii: "i")),
            (UInt8(ascii: "s"), UInt8(ascii: "z")), (UInt8(ascii: "v"), UInt8(ascii: "w")),
            (UInt8(ascii: "a"), UInt8(ascii: "e")):
            return true
        default:
            return false
        }
    }
}

/// A phonetic key of our own design for names from many languages written in Latin letters:
/// the first letter kept as a class (any vowel becomes `a`), later vowels dropped, digraphs folded
/// (`sh`/`ch`/`sch` → `x`, `ph` → `f`, `kh`/`q`/`ck`/`c` → `k`, `z` → `s`, `th`/`dh`/`gh`
/// → `t`/`d`/`g`, `w` → `v`, `x` → `ks`), a final `h` dropped, and repeated consonants
/// collapsed even across dropped vowels. `mohammed`, `muhammad` and the unvowelled `mhmd` all give
/// `mhmd`; `kassim` and `qasim` give `ksm`; `omairi` and `omr` give `amr`.
enum PhoneticKey {
    static func key(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        let n = s.count
        var i = 0
        func at(_ k: Int) -> UInt8 { k < n ? s[k] : 0 }
        func isVowel(_ c: UInt8) -> Bool {
            c == UInt8(ascii: "a") || c == UInt8(ascii: "e") || c == UInt8(ascii: "i") || c == UInt8(ascii: "o")
                || c == UInt8(ascii: "u") || c == UInt8(ascii: "y")
        }
        func emit(_ c: UInt8) {
            if out.last != c { out.append(c) }
        }
        while i < n {
            let c = s[i], next = at(i + 1)
            var advance = 1
            if isVowel(c) {
                if out.isEmpty { out.append(UInt8(ascii: "a")) }
                i += 1
                continue
            }
            let h = UInt8(ascii: "h")
            switch c {
            case UInt8(ascii: "c"):
                if next == h { emit(UInt8(ascii: "x")); advance = 2 }
                else if next == UInt8(ascii: "k") { emit(UInt8(ascii: "k")); advance = 2 }
                else { emit(UInt8(ascii: "k")) }
            case UInt8(ascii: "s"):
                if next == h { emit(UInt8(ascii: "x")); advance = 2 }
                else if next == UInt8(ascii: "c") && at(i + 2) == h { emit(UInt8(ascii: "x")); advance = 3 }
                else { emit(UInt8(ascii: "s")) }
            case UInt8(ascii: "p"):
                if next == h { emit(UInt8(ascii: "f")); advance = 2 } else { emit(c) }
            case UInt8(ascii: "k"), UInt8(ascii: "q"):
                emit(UInt8(ascii: "k"))
                if next == h { advance = 2 }
            case UInt8(ascii: "g"), UInt8(ascii: "t"), UInt8(ascii: "d"):
                emit(c)
                if next == h { advance = 2 }
            case UInt8(ascii: "z"): emit(UInt8(ascii: "s"))
            case UInt8(ascii: "w"): emit(UInt8(ascii: "v"))
            case UInt8(ascii: "x"): emit(UInt8(ascii: "k")); emit(UInt8(ascii: "s"))
            case h:
                // A final h (`allah`, `shah`, `nooh`) is silent.
                if i == n - 1 && i > 0 { break }
                emit(h)
            default: emit(c)
            }
            i += advance
        }
        return out
    }
}
