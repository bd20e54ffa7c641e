// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Path traversal and local file inclusion: `../` sequences, well-known system files, stream wrappers.
public struct PathTraversalDetector: Detector {
    public init() {}
    static let files = bytes("web-inf/web.xml web-inf\\web.xml /web-inf/ \\web-inf\\ meta-inf/ /.bashrc /.profile /.bash_profile /.mysql_history /.docker/ /.kube/config /var/run/secrets /root/. \\inetpub\\ /inetpub/ \\system32\\ /system32/ sam.bak \\repair\\sam /etc/passwd /etc/shadow /etc/group /etc/hosts /etc/issue /etc/motd /etc/crontab /etc/sudoers /proc/self/ /proc/version /proc/cmdline /var/log/ boot.ini win.ini system.ini /windows/system32 \\windows\\system32 c:/windows c:\\windows .htaccess .htpasswd web.config wp-config.php /.ssh/ id_rsa authorized_keys /.aws/credentials /.bash_history /.git/config /.env")
    static let wrappers = bytes("php:// file:// zip:// phar:// expect:// glob:// zlib:// compress.zlib:// compress.bzip2:// rar:// ogg:// ssh2. data://text data:text/ data:application/ php:filter php://filter file:/ jar:file")

    static let fileSet = NeedleSet(files)
    static let wrapperSet = NeedleSet(wrappers)

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        var traversals = 0
        var i = 0
        while i + 2 < value.count {
            if value[i] == 0x2E, value[i + 1] == 0x2E, value[i + 2] == 0x2F || value[i + 2] == 0x5C || value[i + 2] == 0x3B
                || value[i + 2] == 0xC0 || value[i + 2] == 0xC1 || value[i + 2] == 0xE0 || value[i + 2] == 0xE2 && i + 3 < value.count && (value[i + 3] == 0x88 || value[i + 3] == 0x81)
            {
                traversals += 1
                i += 3
            } else {
                i += 1
            }
        }
        if value.count >= 2, value.suffix(2) == [0x2E, 0x2E], value.count == 2 || value[value.count - 3] == 0x2F || value[value.count - 3] == 0x5C { traversals += 1 }
        let file = Self.fileSet.first(in: value)
        if traversals >= 2 { found.consider("lfi.traversal", 5, "\(traversals) '../' steps") }
        if traversals >= 1, file != nil { found.consider("lfi.traversal", 5, "'../' to a system file") }
        if traversals == 1 {
            // A value that is a relative path climbing to a hidden or configuration file.
            let startsWithStep = value.starts(with: "../".utf8) || value.starts(with: "..\\".utf8)
            let hidden = value.find("../.") != nil || value.find("..\\.") != nil
            let configuration = [".ini", ".conf", ".config", ".log", ".env", ".xml", ".yml", ".yaml", ".properties", ".key", ".pem", ".db", ".sql", ".bak", ".htaccess", ".htpasswd", "passwd", "shadow"]
                .contains { value.count >= $0.utf8.count && value.suffix($0.utf8.count).elementsEqual($0.utf8) }
            // One step inside a sentence ("see the attached file: ../docs/invoice.pdf") is how people cite a relative path.
            let prose = !startsWithStep && value.contains(0x20) && !hidden && !configuration
            let score = startsWithStep && !value.contains(0x20) && (hidden || configuration) ? 5 : context.location == .path || prose ? 3 : 4
            found.consider("lfi.traversal", score, "a '../' step")
        }
        if let file, context.location != .path || file.first == 0x2F && value.starts(with: file) {
            // "c:\windows is full": the directory named in a sentence, not a path into it.
            let mention = file.starts(with: "c:".utf8) && value.find(file).map { $0.upperBound < value.count && value[$0.upperBound] == 0x20 } == true
            found.consider("lfi.system-file", context.location == .path || mention ? mention ? 3 : 4 : 5, "names \(String(decoding: file, as: UTF8.self))")
        }
        if let wrapper = Self.wrapperSet.first(in: value) {
            found.consider("lfi.wrapper", 5, "a \(String(decoding: wrapper, as: UTF8.self)) stream")
        }
        if value.contains(0) { found.consider("lfi.null-byte", 4, "a NUL byte") }
        for prefix in ["/proc/", "/sys/class", "/sys/kernel", "/sys/devices", "/etc/"] {
            guard let range = value.find(Array(prefix.utf8)), range.upperBound < value.count && (0x61...0x7A).contains(value[range.upperBound]) || prefix.hasPrefix("/sys") && value.find(Array(prefix.utf8)) != nil else { continue }
            found.consider("lfi.system-path", context.location == .path ? 4 : 5, "a path under \(prefix)")
        }
        if context.location == .path { Self.probes(value, into: &found) }
        found.emit(.pathTraversal, into: &matches)
    }

    /// A path naming a hidden file or directory (not /.well-known/), or a backup or log file.
    static func probes(_ value: [UInt8], into found: inout Strongest) {
        var i = 0
        while let range = value[i...].find("/.") {
            let next = range.upperBound < value.count ? value[range.upperBound] : 0
            if Normalizer.isAlnum(next) || next == 0x5F, !value[range.upperBound...].starts(with: "well-known".utf8) {
                found.consider("lfi.hidden-file", 5, "a hidden file or directory in the path")
                break
            }
            i = range.upperBound
        }
        for suffix in [".sql", ".sql.gz", ".sql.zip", ".sql.tar.gz", ".bak", ".old", ".orig", ".swp", ".save", ".backup", "~", "/debug.log", "/error.log", "/errors.log", "/access.log"]
        where value.count > suffix.utf8.count && value.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) {
            found.consider("lfi.backup-file", 5, "a backup or log file in the path")
        }
    }
}

/// Remote file inclusion and server-side request forgery: URLs to IP literals, cloud metadata,
/// the local host or unusual schemes, and URLs ending in `?` (an include trick).
public struct RemoteInclusionDetector: Detector {
    public init() {}
    static let internalHosts = bytes("localhost/ localhost: localhost. localtest.me lvh.me host.docker.internal gateway.docker.internal kubernetes.docker.internal host.containers.internal kubernetes.default metadata.packet.net metadata.tencentyun.com 169.254.170.2 ip6-localhost ip6-loopback ipv6-localhost localhost4 [::ffff: [0:0:0:0:0:ffff: 0177. 0x7f. 0x7f000001 017700000001 0xa9fea9fe 0xa9.0xfe 2852039166 0251.0376 169.254.169.254 metadata.google.internal metadata.azure 100.100.100.200 fd00:ec2::254 localhost 127.0.0.1 0.0.0.0 [::1] [::] 0x7f000001 2130706433")
    static let schemes = bytes("gopher:// dict:// ldap:// ldaps:// tftp:// sftp:// jar: netdoc:// jdbc: expect:// xri:// rsync:// rtmp:// acap:// imap:// irc:// pop3:// smb:// telnet:// ssh:// redis:// memcache:// ftp://127 ftp://0 dns://")
    static let schemeSet = NeedleSet(schemes)
    /// Out-of-band interaction services of attack tools.
    static let oob = NeedleSet(["burpcollaborator", "oastify.com", "interact.sh", "oast.pro", "oast.fun", "oast.me", "oast.site", "oast.online", "oast.live", "dnslog.cn", "ceye.io", "requestbin", "pipedream.net", "canarytokens", "xip.io", "nip.io", "sslip.io"])

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        if value.contains(0x3A), let scheme = Self.schemeSet.first(in: value) { found.consider("rfi.scheme", 5, "a \(String(decoding: scheme, as: UTF8.self)) URL") }
        if let domain = Self.oob.first(in: value) { found.consider("rfi.out-of-band", 5, "an out-of-band interaction host (\(String(decoding: domain, as: UTF8.self)))") }
        let referer = context.location == .header && (context.name == "referer" || context.name == "origin")
        // http:127.0.0.1, http:/host — a scheme without both slashes, as URL parsers accept
        for scheme in ["http:", "https:"] where value.starts(with: scheme.utf8) {
            let rest = value.dropFirst(scheme.utf8.count)
            if !rest.starts(with: "//".utf8), let first = rest.first(where: { $0 != 0x2F && $0 != 0x5C }), (0x30...0x39).contains(first) || first == 0x5B || rest.starts(with: "localhost".utf8) {
                found.consider("rfi.internal-host", 5, "a URL to an address without '//'")
            }
        }
        // A bare internal host name or address as the whole value (url=localhost/, host=169.254.169.254)
        if !referer, let host = Self.internalHosts.first(where: { value.starts(with: $0) }), host.count > 3 || value.count == host.count {
            found.consider("rfi.internal-host", value.count == host.count ? 4 : value.starts(with: "169.254.".utf8) || value.starts(with: "metadata".utf8) || value.starts(with: "localhost".utf8) || value.starts(with: "host.".utf8) ? 5 : 4, "an internal or metadata host")
        }
        for prefix in [Array("http://".utf8), Array("https://".utf8), Array("ftp://".utf8), Array("ftps://".utf8)] {
            guard let range = value.find(prefix) else { continue }
            let rest = value[range.upperBound...]
            let hostEnd = rest.firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 || $0 == 0x20 } ?? rest.endIndex
            var host = Array(rest[..<hostEnd])
            if let at = host.lastIndex(of: 0x40) {
                host = Array(host[(at + 1)...])
                found.consider("rfi.credentials", 3, "a URL with credentials")
            }
            if referer {
                // a page of the local host is an ordinary referer during development
            } else if Self.internalHosts.contains(where: { host.starts(with: $0) }) || host.starts(with: "localhost".utf8) || host.starts(with: "127.".utf8) {
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

