// Strait — compliance gateway for cross-border fintech. Apache-2.0.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search on bytes: `memchr` to the next candidate first byte, then `memcmp`. Needles
/// are short constants, so the cost is linear in the haystack.
@inline(__always) func byteSearch(_ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Int? {
    let n = haystack.count
    let m = needle.count
    guard m > 0, m <= n, let base = haystack.baseAddress, let pattern = needle.baseAddress else { return nil }
    let first = Int32(pattern.load(as: UInt8.self))
    var offset = 0
    while offset <= n - m {
        guard let hit = memchr(base + offset, first, n - m - offset + 1) else { return nil }
        let position = base.distance(to: UnsafeRawPointer(hit))
        if memcmp(base + position, pattern, m) == 0 { return position }
        offset = position + 1
    }
    return nil
}

extension Array where Element == UInt8 {
    @inline(__always) func has(_ needle: [UInt8]) -> Bool { find(needle) != nil }

    /// A constant needle without allocating it.
    @inline(__always) func has(_ needle: StaticString) -> Bool { find(needle) != nil }

    func find(_ needle: StaticString) -> Range<Int>? {
        withUnsafeBytes { haystack in
            byteSearch(haystack, UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)).map { $0..<($0 + needle.utf8CodeUnitCount) }
        }
    }

    /// The first occurrence of `needle`, as indexes of this array.
    func find(_ needle: [UInt8]) -> Range<Int>? {
        withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in byteSearch(haystack, pattern).map { $0..<($0 + needle.count) } }
        }
    }
}

extension ArraySlice where Element == UInt8 {
    func find(_ needle: StaticString) -> Range<Int>? {
        withUnsafeBytes { haystack in
            byteSearch(haystack, UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
                .map { (startIndex + $0)..<(startIndex + $0 + needle.utf8CodeUnitCount) }
        }
    }

    /// The first occurrence of `needle`, as indexes of the base array.
    func find(_ needle: [UInt8]) -> Range<Int>? {
        withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in byteSearch(haystack, pattern).map { (startIndex + $0)..<(startIndex + $0 + needle.count) } }
        }
    }
}

/// Space-separated words as byte arrays.
func bytes(_ words: String) -> [[UInt8]] {
    words.split(separator: " ").map { Array($0.utf8) }
}

/// Space-separated words as a set of byte arrays.
func wordSet(_ words: String) -> Set<[UInt8]> {
    Set(bytes(words))
}

/// Records the strongest of several findings of one family.
struct Strongest {
    var best: (id: String, score: Int, reason: String)?

    mutating func consider(_ id: String, _ score: Int, _ reason: String) {
        if best == nil || score > best!.score { best = (id, score, reason) }
    }

    func emit(_ family: AttackFamily, into matches: inout [RuleMatch]) {
        if let best { matches.append(RuleMatch(id: best.id, family: family, score: best.score, reason: best.reason)) }
    }
}

/// Path traversal and local file inclusion: `../` sequences, well-known system files, stream wrappers.
public struct PathTraversalDetector: Detector {
    public init() {}
    static let files = bytes("/etc/passwd /etc/shadow /etc/group /etc/hosts /etc/issue /etc/motd /etc/crontab /etc/sudoers /proc/self/ /proc/version /proc/cmdline /var/log/ boot.ini win.ini system.ini /windows/system32 \\windows\\system32 c:/windows c:\\windows .htaccess .htpasswd web.config wp-config.php /.ssh/ id_rsa authorized_keys /.aws/credentials /.bash_history /.git/config /.env")
    static let wrappers = bytes("php:// file:// zip:// phar:// expect:// glob:// zlib:// compress.zlib:// rar:// ogg:// ssh2. data://text")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        var traversals = 0
        var i = 0
        while i + 2 < value.count {
            if value[i] == 0x2E, value[i + 1] == 0x2E, value[i + 2] == 0x2F || value[i + 2] == 0x5C || value[i + 2] == 0x3B {
                traversals += 1
                i += 3
            } else {
                i += 1
            }
        }
        if value.count >= 2, value.suffix(2) == [0x2E, 0x2E], value.count == 2 || value[value.count - 3] == 0x2F || value[value.count - 3] == 0x5C { traversals += 1 }
        let file = Self.files.first { value.has($0) }
        if traversals >= 2 { found.consider("lfi.traversal", 5, "\(traversals) '../' steps") }
        if traversals >= 1, file != nil { found.consider("lfi.traversal", 5, "'../' to a system file") }
        if traversals == 1 { found.consider("lfi.traversal", context.location == .path ? 3 : 4, "a '../' step") }
        if let file, context.location != .path || file.first == 0x2F && value.starts(with: file) {
            found.consider("lfi.system-file", context.location == .path ? 4 : 5, "names \(String(decoding: file, as: UTF8.self))")
        }
        if let wrapper = Self.wrappers.first(where: { value.has($0) }) {
            found.consider("lfi.wrapper", 5, "a \(String(decoding: wrapper, as: UTF8.self)) stream")
        }
        if value.contains(0) { found.consider("lfi.null-byte", 4, "a NUL byte") }
        for prefix in ["/proc/", "/sys/class", "/sys/kernel", "/sys/devices", "/etc/"] {
            guard let range = value.find(Array(prefix.utf8)), range.upperBound < value.count, (0x61...0x7A).contains(value[range.upperBound]) || prefix.hasPrefix("/sys") else { continue }
            found.consider("lfi.system-path", context.location == .path ? 4 : 5, "a path under \(prefix)")
        }
        found.emit(.pathTraversal, into: &matches)
    }
}

/// Remote file inclusion and server-side request forgery: URLs to IP literals, cloud metadata,
/// the local host or unusual schemes, and URLs ending in `?` (an include trick).
public struct RemoteInclusionDetector: Detector {
    public init() {}
    static let internalHosts = bytes("169.254.169.254 metadata.google.internal metadata.azure 100.100.100.200 fd00:ec2::254 localhost 127.0.0.1 0.0.0.0 [::1] [::] 0x7f000001 2130706433")
    static let schemes = bytes("gopher:// dict:// ldap:// ldaps:// tftp:// sftp:// jar: netdoc:// jdbc: expect://")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        if let scheme = Self.schemes.first(where: { value.has($0) }) { found.consider("rfi.scheme", 5, "a \(String(decoding: scheme, as: UTF8.self)) URL") }
        for prefix in [Array("http://".utf8), Array("https://".utf8), Array("ftp://".utf8), Array("ftps://".utf8)] {
            guard let range = value.find(prefix) else { continue }
            let rest = value[range.upperBound...]
            let hostEnd = rest.firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 || $0 == 0x20 } ?? rest.endIndex
            var host = Array(rest[..<hostEnd])
            if let at = host.lastIndex(of: 0x40) {
                host = Array(host[(at + 1)...])
                found.consider("rfi.credentials", 3, "a URL with credentials")
            }
            if Self.internalHosts.contains(where: { host.starts(with: $0) }) {
                found.consider("rfi.internal-host", 5, "a URL to an internal or metadata address")
            } else if !host.isEmpty, host.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x3A }), host.contains(0x2E) || host.count > 6 {
                found.consider("rfi.ip-url", range.lowerBound == 0 ? 5 : 4, "a URL to an IP address")
            } else if host.first == 0x5B || host.filter({ $0 == 0x3A }).count >= 2 && host.allSatisfy({ Normalizer.hex($0) != nil || $0 == 0x3A || $0 == 0x5B || $0 == 0x5D }) {
                found.consider("rfi.ip-url", range.lowerBound == 0 ? 5 : 4, "a URL to an IP address")
            }
            if range.lowerBound == 0, value.last == 0x3F { found.consider("rfi.trailing-question-mark", 5, "a URL ending in '?'") }
            let name = String(context.name.lowercased().filter { $0.isLetter })
            if range.lowerBound == 0, ["include", "file", "page", "template", "require", "path", "dir", "doc", "folder", "inc", "module", "load"].contains(where: { name.hasSuffix($0) }) {
                found.consider("rfi.include-parameter", 4, "a URL in an include parameter")
            }
        }
        found.emit(.remoteInclusion, into: &matches)
    }
}

/// OS command injection: a shell separator (`;`, `|`, `&&`, a newline, backticks, `$(…)`)
/// followed by a command that takes arguments the way a shell line does; Shellshock; `${IFS}`.
public struct CommandInjectionDetector: Detector {
    public init() {}
    static let commands: Set<[UInt8]> = Set(bytes(
        "cat ls id whoami uname wget curl nc ncat netcat bash sh zsh ksh csh tcsh dash python python2 python3 perl ruby php node lua nslookup dig host ping sleep echo printf chmod chown rm mv cp touch tail head more less passwd ifconfig ip ps kill pkill nohup telnet ssh scp base64 xxd od awk gawk sed find grep egrep env export crontab sudo su mkfifo socat tftp ftp powershell pwsh cmd certutil bitsadmin net systeminfo tasklist taskkill type dir copy del reg wmic mshta rundll32 regsvr32 cscript wscript sc schtasks whoami.exe cmd.exe powershell.exe nmap tar zip unzip gzip xargs timeout eval exec source alias history useradd usermod adduser pwd hostname uptime w last dd shutdown reboot ansible ansible-galaxy ansible-playbook docker kubectl busybox openssl java javac gcc make apt apt-get yum dnf pip npm at"
    ))
    /// Commands rarely written as words in prose, judged without an argument.
    static let strong: Set<[UInt8]> = Set(bytes("whoami uname wget curl ncat netcat nslookup ifconfig powershell pwsh certutil bitsadmin systeminfo tasklist wmic mshta rundll32 regsvr32 cscript wscript mkfifo socat busybox xxd cmd.exe powershell.exe whoami.exe base64"))

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        if value.has("() {") || value.has("(){") { found.consider("rce.shellshock", 5, "a Shellshock function definition") }
        if value.has("${ifs}") || value.has("$ifs$") || value.has("${ifs%") { found.consider("rce.ifs", 5, "${IFS} as a separator") }
        if value.has("/bin/") || value.has("/usr/bin/") || value.has("/usr/local/bin/") || value.has("/dev/tcp/") {
            found.consider("rce.binary-path", 4, "a path to a shell binary")
        }
        // Shell expansions: $(…), $[…], <(…), >(…), ${NAME}
        if let range = value.find("$("), value[range.upperBound...].contains(0x29) { found.consider("rce.substitution", 5, "a $(…) command substitution") }
        if value.has("$[") { found.consider("rce.arithmetic", 4, "a $[…] expansion") }
        if value.has("<(") || value.has(">(") { found.consider("rce.process-substitution", 4, "a process substitution") }
        if let range = value.find("${"), let close = value[range.upperBound...].prefix(32).firstIndex(of: 0x7D) {
            let name = Array(value[range.upperBound..<close])
            if Self.commands.contains(name) || Self.variables.contains(name) { found.consider("rce.variable", 5, "a shell variable expansion") }
        }
        // Glob patterns in system paths: /etc/[p]asswd, /bi?/sh
        for prefix in [Array("/etc/".utf8), Array("/bin/".utf8), Array("/usr/".utf8), Array("/proc/".utf8)] {
            if let range = value.find(prefix), value[range.upperBound...].prefix(24).contains(where: { $0 == 0x5B || $0 == 0x3F || $0 == 0x2A }) {
                found.consider("rce.glob", 5, "a glob pattern in a system path")
            }
        }
        // Windows batch: FOR … IN (…) DO …, IF … == … / EXIST / ERRORLEVEL
        Self.batch(value, into: &found)
        let n = value.count
        var i = 0
        while i < n {
            let c = value[i]
            var afterSeparator: Int?
            var strongSeparator = false
            switch c {
            case 0x3B, 0x0A, 0x0D: afterSeparator = i + 1  // ; newline
            case 0x7C: afterSeparator = (i + 1 < n && value[i + 1] == 0x7C) ? i + 2 : i + 1  // | ||
            case 0x26: afterSeparator = (i + 1 < n && value[i + 1] == 0x26) ? i + 2 : i + 1  // & &&
            case 0x60: afterSeparator = i + 1; strongSeparator = true  // `…`
            case 0x24 where i + 1 < n && value[i + 1] == 0x28: afterSeparator = i + 2; strongSeparator = true  // $(…)
            default: break
            }
            if var j = afterSeparator {
                while j < n, value[j] == 0x20 || value[j] == 0x09 || value[j] == 0x28 || value[j] == 0x7B { j += 1 }
                // Optional path prefix: /usr/bin/id, \windows\system32\cmd
                var wordStart = j
                while j < n, Self.isCommandByte(value[j]) { j += 1 }
                var word = Array(value[wordStart..<j])
                if let slash = word.lastIndex(where: { $0 == 0x2F || $0 == 0x5C }) {
                    word = Array(word[(slash + 1)...])
                    wordStart = j - word.count
                }
                if !word.isEmpty, Self.commands.contains(word) || Self.commands.contains(Array(word.prefix { $0 != 0x2E })) {
                    var k = j
                    while k < n, value[k] == 0x20 || value[k] == 0x09 { k += 1 }
                    let next = k < n ? value[k] : 0
                    let shellArgument = k >= n || [0x2D, 0x2F, 0x7E, 0x2E, 0x24, 0x27, 0x22, 0x3E, 0x3C, 0x7C, 0x3B, 0x26, 0x60, 0x29, 0x7D, 0x5C, 0x2A].contains(next)
                        || (0x30...0x39).contains(next) || value[k...].starts(with: "http".utf8)
                    if shellArgument || Self.strong.contains(word) || strongSeparator {
                        found.consider("rce.command", 5, "runs \(String(decoding: word, as: UTF8.self)) after a shell separator")
                    } else {
                        found.consider("rce.command-word", 2, "a command name after a shell separator")
                    }
                }
                i = max(i + 1, wordStart)
                continue
            }
            i += 1
        }
        // A command at the very start with shell-looking arguments (a value that is a command line).
        if i == n, let first = value.split(separator: 0x20, maxSplits: 1).first, Self.strong.contains(Array(first)) {
            found.consider("rce.command", 4, "starts with \(String(decoding: first, as: UTF8.self))")
        }
        found.emit(.commandInjection, into: &matches)
    }

    static let variables: Set<[UInt8]> = Set(bytes("cmd ifs path home shell user pwd oldpwd hostname env bash_version 0 1 @ * hist"))

    /// `for [/f…] %v in (…) do …` and `if [/i] [not] … (== | equ | exist | errorlevel …) …` at the start of a command.
    static func batch(_ value: [UInt8], into found: inout Strongest) {
        var starts = [0]
        for (index, byte) in value.enumerated() where byte == 0x26 || byte == 0x7C || byte == 0x3B || byte == 0x0A { starts.append(index + 1) }
        for start in starts.prefix(64) {
            var i = start
            while i < value.count, value[i] == 0x20 || value[i] == 0x40 { i += 1 }
            let rest = value[i...].prefix(512)
            if rest.starts(with: "for ".utf8) || rest.starts(with: "for/".utf8) {
                if let inRange = rest.find(" in ") ?? rest.find(" in("),
                    rest[..<inRange.lowerBound].contains(0x25), rest[inRange.upperBound...].find(" do") != nil || rest[inRange.upperBound...].find(")do") != nil
                {
                    found.consider("rce.batch-for", 5, "a Windows FOR loop")
                }
            } else if rest.starts(with: "if ".utf8) || rest.starts(with: "if/".utf8) {
                let tests = [" exist ", " defined ", "errorlevel", "==", " equ ", " neq ", " lss ", " leq ", " gtr ", " geq "]
                if tests.contains(where: { rest.find(Array($0.utf8)) != nil }) { found.consider("rce.batch-if", 5, "a Windows IF command") }
            }
        }
    }

    @inline(__always) static func isCommandByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2E || byte == 0x2F || byte == 0x5C || byte == 0x5F || byte == 0x2D
    }
}

/// Template and expression injection: `{{…}}`, `${…}`, `#{…}`, `<%= … %>`, `*{…}` with an expression
/// inside, and Python object traversal.
public struct TemplateInjectionDetector: Detector {
    public init() {}
    static let dunders = bytes("__class__ __mro__ __subclasses__ __globals__ __builtins__ __import__ __init__ __base__ __dict__ __getattribute__ __reduce__")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        if let dunder = Self.dunders.first(where: { value.has($0) }) { found.consider("ssti.python-internals", 5, "\(String(decoding: dunder, as: UTF8.self))") }
        let n = value.count
        var i = 0
        while i + 1 < n {
            var closing: [UInt8]?
            var open = 2
            switch (value[i], value[i + 1]) {
            case (0x7B, 0x7B): closing = [0x7D, 0x7D]  // {{ }}
            case (0x24, 0x7B), (0x23, 0x7B), (0x2A, 0x7B), (0x40, 0x7B): closing = [0x7D]  // ${ } #{ } *{ } @{ }
            case (0x7B, 0x25): closing = [0x25, 0x7D]  // {% %}
            case (0x3C, 0x25): closing = [0x25, 0x3E]; if i + 2 < n, value[i + 2] == 0x3D { open = 3 }  // <% %> <%= %>
            default: break
            }
            guard let closing, let end = value[(i + open)...].prefix(256).find(closing) else {
                i += 1
                continue
            }
            let inside = value[(i + open)..<end.lowerBound]
            let expression = inside.contains { [0x2A, 0x2B, 0x28, 0x5B, 0x7C, 0x3A, 0x22, 0x27, 0x40, 0x25, 0x3D].contains($0) }
                || inside.find(".") != nil && inside.contains(where: { (0x61...0x7A).contains($0) })
            if expression {
                found.consider("ssti.expression", 5, "an expression in a template delimiter")
            } else if !inside.isEmpty {
                found.consider("ssti.placeholder", 2, "a template placeholder")
            }
            i = end.upperBound
        }
        found.emit(.templateInjection, into: &matches)
    }
}

/// LDAP filter injection: closing a filter and opening another, wildcards on attributes.
public struct LDAPInjectionDetector: Detector {
    public init() {}

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        for pattern in ["*)(", ")(|(", ")(&(", ")(!(", "*))", "(|(", "(&(", ")(objectclass=", "(objectclass=*)", "*)(uid=", "*)(cn=", "admin)(", "*)%00"] where value.has(Array(pattern.utf8)) {
            found.consider("ldap.filter", 5, "LDAP filter syntax \(pattern)")
            break
        }
        found.emit(.ldapInjection, into: &matches)
    }
}

/// PHP code injection: opening tags, dangerous functions called, superglobals, serialized objects.
public struct PHPInjectionDetector: Detector {
    public init() {}
    static let functions = bytes("gzdecode( gzuncompress( get_defined_functions( get_defined_vars( strrev( assert_options( parse_str( extract( putenv( dl( symlink( chmod( chown( curl_exec( fsockopen( stream_socket_client( move_uploaded_file( system( exec( shell_exec( passthru( popen( proc_open( pcntl_exec( eval( assert( base64_decode( gzinflate( str_rot13( file_get_contents( file_put_contents( fopen( fwrite( readfile( include( include_once( require( require_once( phpinfo( create_function( call_user_func( call_user_func_array( preg_replace( unserialize( highlight_file( show_source( php_uname( getenv( ini_set( set_time_limit( posix_getpwuid( array_map( ob_start( mail(")
    static let functionNames: Set<[UInt8]> = Set(functions.map { Array($0.dropLast()) })

    /// Functions also common in other languages or prose: judged weakly.
    static let weak: Set<[UInt8]> = Set(bytes("exec eval include require mail fopen fwrite array_map ob_start getenv ini_set assert"))

    static func isIdentifier(_ byte: UInt8) -> Bool { Normalizer.isAlnum(byte) || byte == 0x5F || byte == 0x24 || byte == 0x2E || byte == 0x2D || byte == 0x3E }

    /// The value without `//…`, `#…` (to the line end) and `/*…*/` comments and without white space.
    static func stripComments(_ value: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var i = 0
        while i < value.count {
            let c = value[i]
            if c == 0x2F, i + 1 < value.count, value[i + 1] == 0x2A {
                i += 2
                while i + 1 < value.count, !(value[i] == 0x2A && value[i + 1] == 0x2F) { i += 1 }
                i += 2
            } else if c == 0x2F, i + 1 < value.count, value[i + 1] == 0x2F, i == 0 || value[i - 1] != 0x3A || true {
                while i < value.count, value[i] != 0x0A { i += 1 }
            } else if c == 0x23 {
                while i < value.count, value[i] != 0x0A { i += 1 }
            } else if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    static let superglobals = bytes("$_get $_post $_request $_server $_cookie $_files $_env $_session $globals php://input")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        let fileContext = context.location == .filename || context.location == .header && context.name.contains("file")
        // PHP code needs '<', '(', '$' or ':' (a serialized object); a file name needs its extension.
        guard fileContext || value.contains(where: { $0 == 0x3C || $0 == 0x28 || $0 == 0x24 || $0 == 0x3A }) else { return }
        if value.has("<?php") || value.has("<?=") { found.consider("php.open-tag", 5, "a PHP opening tag") }
        if let range = value.find("<?") {
            let rest = value[range.upperBound...]
            if !(rest.starts(with: "xml ".utf8) && rest.find("version") != nil) && !rest.starts(with: "xml-stylesheet".utf8) {
                found.consider("php.open-tag", rest.starts(with: "xml".utf8) ? 5 : 4, "a PHP short opening tag")
            }
        }
        if fileContext {
            let trimmed = Array(value.reversed().drop { $0 == 0x2E || $0 == 0x20 }.reversed())
            for extension_ in [".php", ".phtml", ".php3", ".php4", ".php5", ".php7", ".php8", ".phar", ".pht", ".phps", ".inc", ".shtml", ".jsp", ".jspx", ".asp", ".aspx", ".cgi"] where trimmed.count >= extension_.utf8.count {
                let spaced = Array(trimmed.filter { $0 != 0x20 })
                if spaced.suffix(extension_.utf8.count).elementsEqual(extension_.utf8) {
                    found.consider("php.upload", 5, "an upload of a server-side script (\(extension_))")
                }
            }
        }
        // Functions called: the identifier before each '(' (comments and white space removed first:
        // exec /*x*/ (…)), and ("system")("id"). One pass over the value.
        if value.contains(0x28) {
            let code = Self.stripComments(value)
            for (index, byte) in code.enumerated() where byte == 0x28 {
                var end = index
                if end > 0, code[end - 1] == 0x22 || code[end - 1] == 0x27 {
                    // ("system")( : the quoted name before ")("
                    guard end >= 2, code[end - 1] == 0x22 || code[end - 1] == 0x27 else { continue }
                }
                if end > 1, code[end - 1] == 0x29, code[end - 2] == 0x22 || code[end - 2] == 0x27 { end -= 2 }
                var start = end
                while start > 0, Normalizer.isAlnum(code[start - 1]) || code[start - 1] == 0x5F { start -= 1 }
                guard end - start >= 3, end - start <= 32 else { continue }
                let name = Array(code[start..<end])
                guard Self.functionNames.contains(name) else { continue }
                let before = start == 0 ? 0x20 : code[start - 1]
                if before == 0x2E || before == 0x3E || before == 0x2D && start >= 2 && code[start - 2] != 0x2D { continue }  // a method: x.exec(, $o->exec(
                // Written as a call (name directly followed by '(' or a comment) rather than prose ("the system (beta)").
                let direct = value.has(name + [0x28]) || value.has(name + [0x2F, 0x2A]) || value.has(name + [0x22, 0x29])
                found.consider("php.function", Self.weak.contains(name) || !direct ? 3 : 5, "calls \(String(decoding: name, as: UTF8.self))()")
            }
        }
        if let global = Self.superglobals.first(where: { value.has($0) }) { found.consider("php.superglobal", 5, "\(String(decoding: global, as: UTF8.self))") }
        // Serialized objects: O:8:"stdClass":…
        if let range = value.find("o:"), range.upperBound < value.count, (0x30...0x39).contains(value[range.upperBound]),
            value[range.upperBound...].prefix(8).contains(0x3A), value.has(":{")
        {
            found.consider("php.serialized-object", 5, "a serialized PHP object")
        }
        found.emit(.phpInjection, into: &matches)
    }
}

/// Java: JNDI lookups (Log4Shell and its obfuscations), runtime and reflection calls, serialized
/// objects, OGNL and Spring class-loader access.
public struct JavaInjectionDetector: Detector {
    public init() {}
    static let needles = bytes("java.lang.runtime java.lang.processbuilder java.lang.system java.lang.class java.lang.reflect getruntime() .getruntime( processbuilder( class.forname .getclass( .getdeclaredmethod .getmethod( .invoke( .newinstance( class.module.classloader classloader.resources #_memberaccess @java.lang @ognl xwork.methodaccessor javax.script.scriptenginemanager java.io.file java.net.url java.net.socket org.apache.commons.collections com.sun.org.apache java.beans.xmldecoder javax.naming")
    static let lookups = bytes("${jndi: ${lower: ${upper: ${env: ${sys: ${java: ${main: ${date: ${ctx: ${spring: ${bundle: ${docker: ${k8s: ${log4j: ${web: ${base64: ${::- ${${")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        if let lookup = Self.lookups.first(where: { value.has($0) }) { found.consider("java.jndi", 5, "a \(String(decoding: lookup, as: UTF8.self)) lookup") }
        if value.has("jndi:"), value.has("${") { found.consider("java.jndi", 5, "a JNDI lookup") }
        if let needle = Self.needles.first(where: { value.has($0) }) { found.consider("java.runtime", 5, "\(String(decoding: needle, as: UTF8.self))") }
        // Serialized Java objects: magic aced0005, base64 rO0AB, or gzip-base64 H4sIAAAA of one.
        if value.has("aced0005") || value.has("ro0ab") { found.consider("java.serialized-object", 5, "a serialized Java object") }
        if value.has("%{(") || value.has("%{#") { found.consider("java.ognl", 5, "an OGNL expression") }
        found.emit(.javaInjection, into: &matches)
    }
}

/// NoSQL operator injection: query operators as JSON keys or bracketed form names.
public enum NoSQLInjectionDetector {
    static let operators: Set<String> = ["$ne", "$eq", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$regex", "$where", "$exists", "$or", "$and", "$not", "$nor", "$expr", "$function", "$accumulator", "$elemmatch", "$type", "$mod", "$all", "$size", "$text", "$lookup", "$jsonschema"]
    static let strong: Set<String> = ["$where", "$function", "$accumulator", "$expr", "$regex", "$ne", "$gt", "$nin"]

    public static func inspect(_ parsed: ParsedRequest, into matches: inout [RuleMatch]) {
        var score = 0
        var reason = ""
        for key in parsed.jsonKeys where operators.contains(key.lowercased()) {
            let s = strong.contains(key.lowercased()) ? 5 : 4
            if s > score { score = s; reason = "the query operator \(key) as a JSON key" }
        }
        for argument in parsed.arguments where argument.location == .argumentName {
            let name = String(decoding: Normalizer.percentDecode(argument.value).bytes, as: UTF8.self).lowercased()
            if let open = name.firstIndex(of: "["), let close = name[open...].firstIndex(of: "]") {
                let inner = String(name[name.index(after: open)..<close])
                if operators.contains(inner) { score = 5; reason = "the query operator \(inner) in a parameter name" }
            }
        }
        if score > 0 { matches.append(RuleMatch(id: "nosql.operator", family: .nosqlInjection, score: score, reason: reason)) }
    }
}

/// NoSQL injection inside values: server-side JavaScript of a query, operators in brackets.
public struct NoSQLValueDetector: Detector {
    public init() {}

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        if value.has("this.password") || value.has("';return") || value.has("\";return") || value.has("db.getcollection") || value.has("[$ne]") {
            matches.append(RuleMatch(id: "nosql.operator", family: .nosqlInjection, score: 5, reason: "server-side JavaScript of a NoSQL query"))
        }
    }
}

/// Known attack tools, by user agent, and probes for files no application serves.
public enum ScannerDetector {
    static let agents = bytes("nikto sqlmap nmap masscan zgrab nuclei acunetix nessus openvas w3af dirbuster gobuster ffuf wfuzz feroxbuster havij netsparker appscan arachni whatweb wpscan joomscan skipfish paros jaeles commix xsstrike fimap hydra medusa morfeus zmeu dirb grabber webinspect bsqlbypass brutus absinthe blackwidow muieblackcat webshag nsauditor mysqloit pangolin sf/ n-stealth security scan zmap httprint cgichk isc systems bbqsql crimscanner")
    static let agentSet = NeedleSet(agents), probeSet = NeedleSet(probes)
    static let probes = bytes("/.git/config /.git/head /.svn/entries /.env /.ds_store /.htpasswd /phpmyadmin /pma/ /wp-config.php.bak /server-status /actuator/env /actuator/heapdump /.aws/credentials /web.config.bak /config.php.bak /backup.sql /dump.sql /.bash_history /id_rsa /cgi-bin/test-cgi /etc/passwd")

    public static func inspect(_ request: InspectedRequest, into matches: inout [RuleMatch]) {
        for agent in request.headers where agent.name.lowercased() == "user-agent" {
            let folded = Normalizer.fold(Array(agent.value.utf8))
            if let tool = agentSet.firstIndex(in: folded).map({ agents[$0] }) {
                matches.append(RuleMatch(id: "scanner.user-agent", family: .scanner, score: 5, reason: "the user agent of \(String(decoding: tool, as: UTF8.self))", location: "header:user-agent"))
            }
        }
        let path = Normalizer.fold(Normalizer.percentDecode(Array(request.target.utf8)).bytes)
        if let probe = probeSet.firstIndex(in: path).map({ probes[$0] }) {
            matches.append(RuleMatch(id: "scanner.probe", family: .scanner, score: 4, reason: "probes \(String(decoding: probe, as: UTF8.self))", location: "path"))
        }
    }
}

/// Protocol anomalies: request smuggling signals, methods outside the allowed set, control
/// characters in the request line or headers, a body on GET.
public enum ProtocolChecks {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    public static func inspect(_ request: InspectedRequest, parsed: ParsedRequest, into matches: inout [RuleMatch]) {
        func add(_ id: String, _ score: Int, _ reason: String, _ location: String = "request") {
            matches.append(RuleMatch(id: id, family: .protocolAnomaly, score: score, reason: reason, location: location))
        }
        if !methods.contains(request.method) { add("protocol.method", 5, "the method \(request.method) is not allowed") }
        let lengths = request.headers.filter { $0.name.lowercased() == "content-length" }.map(\.value)
        let encodings = request.headers.filter { $0.name.lowercased() == "transfer-encoding" }.map { $0.value.lowercased() }
        if !lengths.isEmpty, !encodings.isEmpty { add("protocol.smuggling", 5, "both Content-Length and Transfer-Encoding") }
        if Set(lengths.map { $0.trimmed(" ") }).count > 1 { add("protocol.smuggling", 5, "conflicting Content-Length values") }
        if lengths.contains(where: { $0.trimmed(" ").isEmpty || !$0.trimmed(" ").allSatisfy(\.isASCII) || Int($0.trimmed(" ")) == nil }) {
            add("protocol.content-length", 5, "a Content-Length that is not a number")
        }
        if encodings.contains(where: { $0.trimmed(" ") != "chunked" }) { add("protocol.transfer-encoding", 5, "a Transfer-Encoding other than chunked") }
        for header in request.headers {
            if header.name.utf8.contains(where: { $0 < 0x21 || $0 > 0x7E || $0 == 0x3A }) { add("protocol.header-name", 5, "a malformed header name") }
            if header.value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) { add("protocol.header-value", 5, "a line break or NUL in \(header.name)") }
        }
        if request.target.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { add("protocol.control-character", 5, "a control character in the request target") }
        if request.target.utf8.contains(where: { $0 > 0x7E }) { add("protocol.non-ascii-target", 3, "raw non-ASCII bytes in the request target") }
        if Normalizer.percentDecode(parsed.path).bytes.contains(0) { add("protocol.null-byte", 5, "an encoded NUL in the path") }
        if request.version == "HTTP/1.1", request.header("host") == nil { add("protocol.missing-host", 3, "no Host header") }
        if ["GET", "HEAD"].contains(request.method), !request.body.isEmpty { add("protocol.body-on-get", 3, "a body on \(request.method)") }
        if let range = request.header("range"), range.split(separator: ",").count > 5 { add("protocol.range", 4, "more than five ranges") }
        if let type = request.header("content-type"), type.utf8.contains(where: { $0 == 0x3B || $0 == 0x2C }) {  // parameters or a list
            let parameters = type.split(separator: ";").dropFirst().joined(separator: ";").lowercased()
            if ["application/", "text/", "multipart/"].contains(where: { parameters.contains($0) }) || type.split(separator: ",").count > 1 {
                add("protocol.content-type", 5, "a media type hidden in the Content-Type parameters")
            }
        }
        let decodedPath = Normalizer.percentDecode(parsed.path).bytes
        if decodedPath.contains(where: { $0 == 0x0A || $0 == 0x0D }) { add("protocol.path-line-break", 5, "a line break in the path") }
        if let xml = parsed.xmlBody {
            let folded = Normalizer.fold(xml)
            if folded.has("<!entity"), folded.has("system") || folded.has("public") {
                add("protocol.xxe", 5, "an external XML entity", "body")
            }
        }
    }
}

/// Header and request injection through a value: a line break followed by a header line or a
/// request line (response splitting, request smuggling through parameters).
public struct ProtocolInjectionDetector: Detector {
    public init() {}
    static let methods = bytes("get post head put delete options trace connect patch propfind")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        var i = 0
        while i < value.count {
            guard value[i] == 0x0A || value[i] == 0x0D else {
                i += 1
                continue
            }
            var j = i + 1
            while j < value.count, value[j] == 0x0A || value[j] == 0x0D || value[j] == 0x20 { j += 1 }
            var k = j
            while k < value.count, (0x61...0x7A).contains(value[k]) || value[k] == 0x2D || (0x30...0x39).contains(value[k]) { k += 1 }
            if k > j, k < value.count, value[k] == 0x3A {
                found.consider("protocol.header-injection", 5, "a line break followed by a header")
            } else if k > j, Self.methods.contains(Array(value[j..<k])), value[k...].prefix(512).find(" http/") != nil {
                found.consider("protocol.request-injection", 5, "a line break followed by a request line")
            }
            i = max(i + 1, j)
        }
        // A whole request line inside a value: GET http://host HTTP/1.1
        if let space = value.firstIndex(of: 0x20), Self.methods.contains(Array(value[..<space])), value.find(" http/1.") != nil || value.find(" http/2") != nil || value.find(" http/3") != nil {
            found.consider("protocol.request-injection", 5, "a request line inside a value")
        }
        found.emit(.protocolAnomaly, into: &matches)
    }
}

/// Server-side JavaScript (Node.js) injection: the process object, module loading, child processes,
/// prototype pollution and serialized functions.
public struct NodeInjectionDetector: Detector {
    public init() {}
    static let strong = bytes("child_process process.env process[ process.mainmodule process.binding process.kill process.exit require( require`  module.exports module.constructor global.process _$$nd_func$$_ __proto__ constructor.prototype constructor[ .constructor( new function( function( settimeout( setinterval( vm.runin fs.readfile fs.writefile execsync( spawnsync( .mainmodule")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        if let needle = Self.strong.first(where: { value.has($0) }) {
            let weak = needle.elementsEqual("function(".utf8) || needle.elementsEqual("settimeout(".utf8) || needle.elementsEqual("setinterval(".utf8)
            found.consider("nodejs.runtime", weak ? 3 : 5, "\(String(decoding: needle, as: UTF8.self))")
        }
        found.emit(.nodeInjection, into: &matches)
    }
}
