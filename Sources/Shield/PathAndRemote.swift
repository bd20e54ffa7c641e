// Strait — compliance gateway for cross-border fintech. Apache-2.0.

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

