// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Cross-site scripting: an HTML tokenizer reads tags and their attributes the way a browser
/// would (names, quoted and unquoted values, `/` as a separator), and judges what would run:
/// `<script>`, frames and objects, event-handler attributes, `javascript:`/`data:` URLs in URL
/// attributes, CSS expressions; outside tags, event handlers injected into an attribute and
/// script sinks called after breaking out of a string. Harmless markup (`<b>`, `<a href="https://…">`)
/// passes.
public struct CrossSiteScriptingDetector: Detector {
    public init() {}

    static let runTags: Set<[UInt8]> = wordSet("script iframe frame frameset object embed applet base portal vmlframe import")
    static let riskyTags: Set<[UInt8]> = wordSet("svg math meta link style form isindex template xss animate set handler listener marquee bgsound layer ilayer xml")
    static let urlAttributes: Set<[UInt8]> = wordSet("href src action formaction data xlink:href background dynsrc lowsrc poster code codebase from to values by folder srcset ping lowsrc content")
    static let schemes: [[UInt8]] = ["javascript:", "vbscript:", "livescript:", "mocha:", "data:text/html", "data:image/svg", "data:application/", "data:text/xml"].map { Array($0.utf8) }
    static let sinks: [[UInt8]] = ["alert(", "alert`", "prompt(", "prompt`", "confirm(", "confirm`", "eval(", "document.cookie", "document.write", "document.domain", "window.location", "location.href", ".innerhtml", "fromcharcode(", "settimeout(", "setinterval(", "new function(", "constructor(", "window[", "top[", "self[", "globalthis[", "atob(", "import("].map { Array($0.utf8) }


    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        func consider(_ id: String, _ score: Int, _ reason: String) { found.consider(id, score, reason) }
        let n = value.count
        var i = 0
        while i < n {
            if value[i] == 0x3C {
                i = tag(value, at: i, consider: consider)
            } else {
                i += 1
            }
        }
        if value.has("-moz-binding") || value.has("expression(") && value.has("style")
            || value.has("url(javascript") || value.has("url('javascript") || value.has("url(\"javascript")
        {
            consider("xss.css", 5, "script in CSS")
        }
        // Script URLs anywhere (a link field, an injected attribute value).
        let compact = Self.compacted(value)
        for scheme in Self.schemes {
            guard let range = compact.find(scheme) else { continue }
            let rest = compact[range.upperBound...].prefix(96)
            let call = rest.contains(0x28) || rest.contains(0x60) || Self.sinks.contains { rest.find($0) != nil }
            let atStart = range.lowerBound == 0 || [0x22, 0x27, 0x3D, 0x28].contains(compact[range.lowerBound - 1])
            consider("xss.script-url", call || atStart ? 5 : 3, "a \(String(decoding: scheme, as: UTF8.self)) URL")
        }
        // An event handler injected into an attribute: " onmouseover=alert(1)
        var j = 0
        while j + 4 < n {
            if value[j] == 0x6F, value[j + 1] == 0x6E, j > 0, [0x22, 0x27, 0x20, 0x2F, 0x09, 0x0A, 0x0C, 0x0D, 0x3B, 0x60].contains(value[j - 1]) {
                var k = j + 2
                while k < n, (0x61...0x7A).contains(value[k]) { k += 1 }
                let nameLength = k - j - 2
                while k < n, value[k] == 0x20 { k += 1 }
                if nameLength >= 3, nameLength <= 48, k < n, value[k] == 0x3D {
                    let rest = value[(k + 1)...].prefix(96)
                    let runs = rest.contains(0x28) || rest.contains(0x60) || Self.sinks.contains { rest.find($0) != nil }
                    if Self.eventNames.contains(Array(value[(j + 2)..<(j + 2 + nameLength)])) {
                        consider("xss.event-attribute", runs ? 5 : 4, "an event handler attribute")
                    } else if runs, nameLength >= 4, [0x22, 0x27, 0x2F, 0x60].contains(value[j - 1]) {
                        // An event this list does not know, after breaking out of an attribute: "onbeforexyz=alert(1)
                        consider("xss.event-attribute", 5, "an on… handler after an attribute break-out")
                    }
                }
                j = k
                continue
            }
            j += 1
        }
        // Script sinks after breaking out of a string or a script block: ";alert(1)//, '-alert(1)-'
        for sink in Self.sinks {
            guard let range = value.find(sink) else { continue }
            let before = value[..<range.lowerBound].suffix(6)
            let breakout = before.contains(0x22) || before.contains(0x27) || before.contains(0x3B) || before.contains(0x3E) || before.contains(0x2B) || before.contains(0x60)
            let call = sink.last == 0x28 || sink.last == 0x60
            // alert(1) alone, or a method call: $event.view.alert(1), window.confirm`1`; or a dialog
            // right after an operator: 1-alert(1), x||confirm`1`, (prompt(1))
            let previous: UInt8 = range.lowerBound > 0 ? value[range.lowerBound - 1] : 0
            let dialog = sink.starts(with: "alert".utf8) || sink.starts(with: "prompt".utf8) || sink.starts(with: "confirm".utf8) || sink.starts(with: "eval".utf8)
            let direct = call && (range.lowerBound == 0 || previous == 0x2E && sink.first != 0x2E
                || dialog && [0x2D, 0x2A, 0x7C, 0x26, 0x28, 0x3D, 0x2C, 0x21, 0x3F, 0x3A, 0x7B, 0x5B, 0x7E, 0x5E, 0x25].contains(previous))
            if breakout || direct {
                consider("xss.script-sink", 5, "calls \(String(decoding: sink, as: UTF8.self)) after breaking out")
            } else {
                consider("xss.script-sink", 3, "mentions \(String(decoding: sink, as: UTF8.self))")
            }
        }
        // UTF-7 (+ADw-script+AD4-) and US-ASCII with the high bit set (¼script¾): markup in another charset.
        if let range = value.find("+adw-"), value[range.upperBound...].prefix(16).contains(where: { (0x61...0x7A).contains($0) }), value.has("script") || value.has("+ad4-") {
            consider("xss.charset", 5, "UTF-7 encoded markup")
        }
        // (a lone 0xBC byte or U+00BC before "script"; Cyrillic "мscript" is D0 BC and is text)
        if let range = value.find([0xBC, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74]), range.lowerBound == 0 || value[range.lowerBound - 1] < 0x80 || value[range.lowerBound - 1] == 0xC2 {
            consider("xss.charset", 5, "a script tag with the high bit set")
        }
        Self.javascript(value, consider: consider)
        Self.domSinks(value, consider: consider)
        found.emit(.crossSiteScripting, into: &matches)
    }

    /// The value without white space, control characters and the character references that stand
    /// for them (`ja&tab;vascript&colon;` reads `javascript:`, as a browser reads a URL attribute).
    static func compacted(_ value: [UInt8]) -> [UInt8] {
        guard value.contains(0x26) else { return value.filter { $0 > 0x20 } }
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        let n = value.count
        var i = 0
        while i < n {
            let c = value[i]
            if c == 0x26, i + 2 < n {
                var j = i + 1
                while j < n, j < i + 10, value[j] != 0x3B, Normalizer.isAlnum(value[j]) || value[j] == 0x23 { j += 1 }
                let name = value[(i + 1)..<j]
                let closed = j < n && value[j] == 0x3B
                var blank = name.elementsEqual("tab".utf8) || name.elementsEqual("newline".utf8) || name.elementsEqual("nbsp".utf8)
                if name.first == 0x23 {
                    // &#9; &#x0a; &#0000010 — a code point up to 0x20
                    var k = name.startIndex + 1
                    var hex = false
                    if k < name.endIndex, name[k] | 0x20 == 0x78 { hex = true; k += 1 }
                    var code = 0
                    var digits = 0
                    while k < name.endIndex, code <= 0x20, let d = hex ? Normalizer.hex(name[k]).map(Int.init) : (name[k] >= 0x30 && name[k] <= 0x39 ? Int(name[k] - 0x30) : nil) {
                        code = code * (hex ? 16 : 10) + d
                        digits += 1
                        k += 1
                    }
                    blank = digits > 0 && k == name.endIndex && code <= 0x20
                }
                if blank, closed || name.first == 0x23 {
                    i = closed ? j + 1 : j
                    continue
                }
                if closed, name.elementsEqual("colon".utf8) {
                    out.append(0x3A)
                    i = j + 1
                    continue
                }
            }
            if c > 0x20 { out.append(c) }
            i += 1
        }
        return out
    }

    /// Functions an injected script calls to prove or do its work.
    static let callees: [[UInt8]] = ["alert", "prompt", "confirm", "eval", "atob", "fromcharcode", "settimeout", "setinterval", "execscript", "msgbox", "import", "fetch", "function"].map { Array($0.utf8) }
    /// Objects whose properties reach the page or the window when indexed: window['alert'](1).
    static let globals: [[UInt8]] = ["window", "self", "top", "parent", "frames", "globalthis", "this", "document", "content", "opener"].map { Array($0.utf8) }

    /// JavaScript written to slip past a reading of the raw text: comments and white space inside
    /// expressions (`document /**/ . cookie`), calls through parentheses or brackets
    /// (`(alert)(1)`, `top['al'+'ert'](1)`), tagged templates (`[].sort.call\`…\``) and JSFuck.
    static func javascript(_ value: [UInt8], consider: (String, Int, String) -> Void) {
        guard value.contains(where: { $0 == 0x28 || $0 == 0x5B || $0 == 0x60 || $0 == 0x2F }) else { return }
        // The value without white space and /* … */ comments.
        var compact: [UInt8] = []
        compact.reserveCapacity(value.count)
        var hadComment = false
        var i = 0
        let n = value.count
        while i < n {
            let c = value[i]
            if c == 0x2F, i + 1 < n, value[i + 1] == 0x2A {
                hadComment = true
                i += 2
                while i + 1 < n, !(value[i] == 0x2A && value[i + 1] == 0x2F) { i += 1 }
                i += 2
                continue
            }
            if c > 0x20 { compact.append(c) }
            i += 1
        }
        let m = compact.count
        // Calls: a script function followed by ( or `, possibly through ) — (alert)(1), alert/**/(1).
        // White space counts only where comments show the value is code ("import (from China)" is prose).
        let code = hadComment ? compact : value
        let c = code.count
        for callee in callees {
            var from = 0
            while from < c, let range = code[from...].find(callee) {
                from = range.upperBound
                var j = range.upperBound
                var throughParen = false
                while j < c, code[j] == 0x29 { j += 1; throughParen = true }
                guard j < c, code[j] == 0x28 || code[j] == 0x60 else { continue }
                let before: UInt8 = range.lowerBound > 0 ? code[range.lowerBound - 1] : 0
                // Part of a longer identifier (myalert(), evaluate()) is not this function.
                if range.lowerBound > 0, Normalizer.isAlnum(before) || before == 0x5F || before == 0x24 { continue }
                if throughParen || hadComment || [0x22, 0x27, 0x3B, 0x2B, 0x60, 0x3E, 0x7B, 0x7C, 0x26, 0x5B].contains(before) && !callee.elementsEqual("function".utf8) {
                    consider("xss.script-call", 5, "calls \(String(decoding: callee, as: UTF8.self))")
                    return
                }
            }
        }
        // Indexing a global and calling the result: top['al'+'ert'](1), self[`x`](1), (document)['cookie']
        for global in globals {
            var from = 0
            while from < m, let range = compact[from...].find(global) {
                from = range.upperBound
                if range.lowerBound > 0, Normalizer.isAlnum(compact[range.lowerBound - 1]) || compact[range.lowerBound - 1] == 0x5F { continue }
                var j = range.upperBound
                while j < m, compact[j] == 0x29 { j += 1 }
                guard j < m, compact[j] == 0x5B else { continue }
                let rest = compact[j...].prefix(80)
                if rest.find("](") != nil || rest.find("]`") != nil || rest.find("cookie") != nil || rest.find("location") != nil || rest.find("domain") != nil {
                    consider("xss.script-call", 5, "indexes \(String(decoding: global, as: UTF8.self)) to call or read it")
                    return
                }
            }
        }
        if hadComment, compact.find("document.cookie") != nil || compact.find("document.domain") != nil || compact.find("document.write") != nil || compact.find("window.location") != nil {
            consider("xss.script-sink", 5, "a script sink hidden by comments")
        }
        // Tagged templates calling through call/apply: [].sort.call`${alert}1`
        if compact.find(".call`") != nil || compact.find(".apply`") != nil || compact.find("${alert") != nil || compact.find("${prompt") != nil || compact.find("${confirm") != nil {
            consider("xss.script-call", 5, "a tagged template call")
        }
        // JSFuck: (![]+[])[+!+[]]
        if compact.find("![]") != nil || compact.find("+[]") != nil {
            var pairs = 0
            var k = 0
            while k + 1 < m { if compact[k] == 0x5B, compact[k + 1] == 0x5D { pairs += 1 }; k += 1 }
            if pairs >= 3 { consider("xss.jsfuck", 5, "JSFuck-encoded script") }
        }
    }

    /// What an injected script does with the page, when nothing else shows it: navigates
    /// (`location=name`, `document.location='//…'`), writes markup or a URL fragment into the page
    /// (`el.innerHTML=location.hash`, `document.write(…)`), loads a script element, or hands a
    /// dialog function to a call (`[].filter.call(1,alert)`, `onerror=alert;throw 1`).
    static func domSinks(_ value: [UInt8], consider: (String, Int, String) -> Void) {
        @inline(__always) func identifier(_ c: UInt8) -> Bool { Normalizer.isAlnum(c) || c == 0x5F || c == 0x24 }
        let n = value.count
        // location = …, location.href = …
        var from = 0
        while from < n, let range = value[from...].find("location") {
            from = range.upperBound
            let start = range.lowerBound
            let before: UInt8 = start > 0 ? value[start - 1] : 0
            guard start == 0 || before == 0x2E || before == 0x3B || before == 0x7B || before == 0x28 || before == 0x2C || before == 0x22 || before == 0x27 else { continue }
            if before == 0x2E, start >= 3, value[(start - 3)..<start].elementsEqual("geo".utf8) { continue }
            var j = range.upperBound
            if value[j...].starts(with: ".href".utf8) { j += 5 }
            while j < n, value[j] == 0x20 { j += 1 }
            guard j + 1 < n, value[j] == 0x3D, value[j + 1] != 0x3D else { continue }
            let rest = value[(j + 1)...].prefix(64)
            if rest.find("javascript:") != nil || rest.find("//") != nil || rest.find("document.") != nil || rest.find("window.") != nil
                || rest.contains(0x2B) || rest.contains(0x28) || rest.starts(with: "name".utf8) && (rest.count == 4 || !identifier(rest[rest.startIndex + 4]))
            {
                consider("xss.dom-sink", 5, "assigns the page location")
                break
            }
        }
        // Markup written into the page from what the attacker controls.
        for sink: StaticString in [".innerhtml", ".outerhtml", "insertadjacenthtml(", "document.write(", "document.writeln("] {
            guard let range = value.find(sink) else { continue }
            let rest = value[range.upperBound...].prefix(80)
            if rest.find("location") != nil || rest.find("name") != nil || rest.find("cookie") != nil || rest.find("atob(") != nil || rest.find("<") != nil || rest.find("decodeuri") != nil || rest.find("unescape(") != nil {
                consider("xss.dom-sink", 5, "writes attacker-controlled markup into the page")
                break
            }
        }
        if value.has("createelement('script')") || value.has("createelement(\"script\")") || value.has("createelement(`script`)") {
            consider("xss.dom-sink", 5, "creates a script element")
        }
        // A dialog or eval passed as a function: .call(1,alert), .map(alert), then(alert), onerror=alert;
        for callee: StaticString in ["alert", "prompt", "confirm", "eval"] {
            var from = 0
            while from < n, let range = value[from...].find(callee) {
                from = range.upperBound
                let start = range.lowerBound, end = range.upperBound
                guard start > 0, end == n || value[end] == 0x29 || value[end] == 0x2C || value[end] == 0x3B else { continue }
                let before = value[start - 1]
                if before == 0x28 || before == 0x2C {
                    // inside the argument list of a call: the '(' that opens it follows a name or a bracket
                    var k = start - 1
                    while k > 0, k > start - 24, value[k] != 0x28 { k -= 1 }
                    if value[k] == 0x28, k > 0, identifier(value[k - 1]) || value[k - 1] == 0x29 || value[k - 1] == 0x5D {
                        consider("xss.script-call", 5, "passes \(callee) to a call")
                        return
                    }
                } else if before == 0x3D, start >= 3 {
                    // onerror=alert, valueOf=alert
                    var k = start - 1
                    while k > 0, identifier(value[k - 1]) { k -= 1 }
                    let name = value[k..<(start - 1)]
                    if name.starts(with: "on".utf8) && name.count > 2 || name.elementsEqual("valueof".utf8) || name.elementsEqual("tostring".utf8) {
                        consider("xss.script-call", 5, "assigns \(callee) to \(String(decoding: name, as: UTF8.self))")
                        return
                    }
                }
            }
        }
    }

    /// Reads the tag at `start` (`<`), judges it, and returns the index after it.
    private func tag(_ value: [UInt8], at start: Int, consider: (String, Int, String) -> Void) -> Int {
        let n = value.count
        var i = start + 1
        if i < n, value[i] == 0x2F { i += 1 }  // closing tags carry attributes too in broken markup
        let nameStart = i
        while i < n, (0x61...0x7A).contains(value[i]) || (0x30...0x39).contains(value[i]) || value[i] == 0x3A || value[i] == 0x2D { i += 1 }
        // (a namespace prefix may be empty: <:vmlframe>)
        guard i > nameStart, (0x61...0x7A).contains(value[nameStart]) || value[nameStart] == 0x3A && i > nameStart + 1 && (0x61...0x7A).contains(value[nameStart + 1]) else {
            if i < n, value[i] == 0x21 { return i + 1 }  // <! comment or doctype
            return start + 1
        }
        var name = Array(value[nameStart..<i])
        if let colon = name.lastIndex(of: 0x3A) { name = Array(name[(colon + 1)...]) }  // x:script
        if Self.runTags.contains(name) { consider("xss.tag", 5, "a <\(String(decoding: name, as: UTF8.self))> element") }
        var risky = Self.riskyTags.contains(name)
        // Attributes until '>' (or the end of the value), as the HTML tokenizer reads them: a name
        // runs to white space, '/', '>' or '=' (an '=' that starts a name belongs to it), a value is
        // quoted with '"' or '\'' or runs to white space or '>', and '>' outside quotes always ends
        // the tag. A '<' where a name would start ends it too: what follows is read as a tag of its
        // own (`<i <iframe …>`).
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }
        while i < n, value[i] != 0x3E {
            let c = value[i]
            if isSpace(c) || c == 0x2F || c == 0x22 || c == 0x27 {
                i += 1
                continue
            }
            if c == 0x3C { break }
            let attributeStart = i
            i += 1  // the first byte belongs to the name, even '='
            while i < n, !isSpace(value[i]), value[i] != 0x2F, value[i] != 0x3E, value[i] != 0x3D { i += 1 }
            let attribute = Array(value[attributeStart..<i])
            while i < n, isSpace(value[i]) { i += 1 }
            var attributeValue: ArraySlice<UInt8> = []
            if i < n, value[i] == 0x3D {
                i += 1
                while i < n, isSpace(value[i]) { i += 1 }
                if i < n, value[i] == 0x22 || value[i] == 0x27 {
                    let quote = value[i]
                    let valueStart = i + 1
                    i += 1
                    while i < n, value[i] != quote { i += 1 }
                    attributeValue = value[valueStart..<min(i, n)]
                    i = min(n, i + 1)
                } else {
                    let valueStart = i
                    while i < n, !isSpace(value[i]), value[i] != 0x3E { i += 1 }
                    attributeValue = value[valueStart..<i]
                }
            }
            if attribute.count > 3, attribute[0] == 0x6F, attribute[1] == 0x6E, Self.eventNames.contains(Array(attribute.dropFirst(2))) {
                consider("xss.event-handler", 5, "an on\(String(decoding: attribute.dropFirst(2), as: UTF8.self)) handler on <\(String(decoding: name, as: UTF8.self))>")
            } else if attribute.count > 4, attribute[0] == 0x6F, attribute[1] == 0x6E, attribute.dropFirst(2).allSatisfy({ (0x61...0x7A).contains($0) }) {
                // An event this list does not know yet (browsers add them): judged by its value.
                consider("xss.event-handler", Self.runsCode(attributeValue) || attributeValue.isEmpty ? 5 : 4, "an on… handler on <\(String(decoding: name, as: UTF8.self))>")
            } else if Self.isDirective(attribute), Self.runsCode(attributeValue) {
                consider("xss.event-handler", 5, "a framework event directive")
            } else if Self.urlAttributes.contains(attribute) {
                let compact = attributeValue.filter { $0 > 0x20 }
                if Self.schemes.contains(where: { compact.starts(with: $0) }) {
                    consider("xss.script-url", 5, "a script URL in \(String(decoding: attribute, as: UTF8.self))")
                }
            } else if attribute.elementsEqual("style".utf8) {
                if attributeValue.find("expression(") != nil || attributeValue.find("javascript:") != nil
                    || attributeValue.find("behavior:") != nil || attributeValue.find("-moz-binding") != nil
                {
                    consider("xss.css", 5, "script in a style attribute")
                }
                risky = true
            } else if attribute.elementsEqual("srcdoc".utf8) || (attribute.elementsEqual("http-equiv".utf8) && attributeValue.elementsEqual("refresh".utf8)) {
                consider("xss.tag", 5, "a \(String(decoding: attribute, as: UTF8.self)) attribute")
            }
        }
        if risky { consider("xss.risky-tag", 3, "a <\(String(decoding: name, as: UTF8.self))> element") }
        // <style>@import …, <link rel=stylesheet|import href=…>, <meta charset|http-equiv …>
        i = min(i, n)
        if name.elementsEqual("style".utf8), i < n, value[i...].prefix(64).find("@import") != nil || value[i...].prefix(256).find("expression(") != nil {
            consider("xss.css", 5, "a style sheet imported or computed")
        }
        if name.elementsEqual("link".utf8), value[start..<i].find("href") != nil, value[start..<i].find("stylesheet") != nil || value[start..<i].find("import") != nil {
            consider("xss.tag", 5, "a <link> loading a style sheet or document")
        }
        if name.elementsEqual("meta".utf8), value[start..<i].find("http-equiv") != nil || value[start..<i].find("charset") != nil {
            consider("xss.tag", 5, "a <meta> changing the document")
        }
        return i
    }

    /// An attribute value that reads as code: a call, a template call, or a script sink.
    static func runsCode(_ attributeValue: ArraySlice<UInt8>) -> Bool {
        attributeValue.contains(0x28) || attributeValue.contains(0x60) || sinks.contains { attributeValue.find($0) != nil }
    }

    /// Framework event bindings: `ng-click`, `v-on:click`, `@click`, `x-on:click`, `(click)`.
    static func isDirective(_ attribute: [UInt8]) -> Bool {
        attribute.starts(with: "ng-".utf8) || attribute.starts(with: "v-on".utf8) || attribute.starts(with: "x-on".utf8) || attribute.first == 0x40 || attribute.first == 0x28
            || attribute.starts(with: "data-ng-".utf8) || attribute.starts(with: "x-init".utf8) || attribute.starts(with: "v-html".utf8)
    }

    /// DOM event names (without `on`).
    static let eventNames: Set<[UInt8]> = wordSet(
        "abort activate afterprint afterscriptexecute animationcancel animationend animationiteration animationstart auxclick beforeactivate beforecopy beforecut beforedeactivate beforeeditfocus beforeinput beforepaste beforeprint beforescriptexecute beforetoggle beforeunload begin blur bounce canplay canplaythrough change click close contextmenu copy cuechange cut dblclick deactivate drag dragend dragenter dragexit dragleave dragover dragstart drop durationchange end emptied ended error finish focus focusin focusout formdata fullscreenchange hashchange input invalid keydown keypress keyup load loadeddata loadedmetadata loadend loadstart message mousedown mouseenter mouseleave mousemove mouseout mouseover mouseup mousewheel move offline online pagehide pageshow paste pause play playing pointercancel pointerdown pointerenter pointerleave pointermove pointerout pointerover pointerrawupdate pointerup popstate progress ratechange readystatechange repeat reset resize scroll scrollend search seeked seeking select selectionchange selectstart show stalled start storage submit suspend timeupdate toggle touchend touchmove touchstart transitioncancel transitionend transitionrun transitionstart unhandledrejection unload volumechange waiting webkitanimationend webkitanimationiteration webkitanimationstart webkittransitionend wheel zoom"
    )
}
