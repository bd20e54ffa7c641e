// Strait — compliance gateway for cross-border fintech. Apache-2.0.

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

