// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// OS command injection, judged the way a shell reads a line: at each place a command can start
/// (the value's start, after `;`, `|`, `||`, `&`, `&&`, a line break, a backtick, `$(`, `<(`, `>(`,
/// or `{` of a brace expansion) the word there (path prefixes and wrappers such as `time`, `nohup`,
/// `sudo` skipped) is looked up among Unix and Windows commands, and what follows is classified:
/// options (`-la`, `--version`, `+x`), paths, redirections and substitutions, IP addresses and URLs,
/// or the end of the command. Prose ("cat food", "ping me; thanks", "id card") has a plain word
/// after the command and does not count. The value is also read with the shell's no-op obfuscations
/// removed (`c$@at`, `wh''oami`, `w\ho\am\i`, ``who``ami``, `${IFS}`). Reverse shells, PowerShell
/// download cradles, script-language process calls, globbing in system paths and Shellshock are
/// recognised anywhere.
public struct CommandInjectionDetector: Detector {
    public init() {}

    /// Unix and Windows commands (names are facts, written out here).
    static let commands: Set<[UInt8]> = wordSet(
        """
        cat tac ls ll dir id whoami who w uname hostname wget curl lwp-download lwp-request lynx links fetch nc ncat netcat socat telnet ssh scp sftp ftp tftp rsync \
        bash sh zsh ksh csh tcsh dash fish ash busybox python python2 python3 perl ruby irb php node nodejs lua luajit tclsh wish jjs jrunscript java javac \
        gcc cc c89 c99 g++ clang make gdb strace ltrace nslookup dig host ping ping6 traceroute tracert sleep echo printf chmod chown chgrp chattr rm rmdir mv cp ln \
        touch tail head more less passwd ifconfig ipconfig ip ps pkill kill killall nohup base64 base32 basenc xxd od hexdump hd strings awk gawk mawk nawk sed \
        find grep egrep fgrep rgrep env printenv export crontab sudo su doas pkexec mkfifo mknod tar zip unzip gzip gunzip bzip2 bsdtar xz 7z xargs timeout \
        eval exec source alias unalias history useradd usermod userdel adduser deluser chpasswd visudo pwd uptime last lastlog lastlogin dd shutdown reboot halt \
        poweroff init systemctl service journalctl dmesg sysctl mount umount chroot unshare nsenter docker kubectl podman ansible ansible-playbook ansible-galaxy \
        ansible-config ansible-console ansible-doc ansible-inventory ansible-pull ansible-vault chef chef-client chef-shell chef-run chef-vault knife puppet salt \
        cscli openssl gpg ssh-keygen ssh-copy-id apt apt-get aptitude dpkg yum dnf rpm zypper apk pacman snap pip pip3 pipx npm npx yarn gem cpan composer \
        easy_install vi vim vim.basic nvim ex ed emacs nano pico view rview rvim screen tmux script expect watch top htop nice renice ionice taskset cpulimit \
        flock setarch stdbuf start-stop-daemon run-parts rmt rmt-tar rmt-dump tee column comm cut fold paste split csplit expand unexpand uniq sort shuf tr nl \
        pr rev wc diff cmp iconv jq yq sqlite3 mysql psql mongo redis-cli smbclient rpcclient netstat ss lsof arp route iptables nmap masscan finger users groups \
        getent nmcli perf trap set unset readlink realpath mktemp sshpass \
        powershell pwsh powershell.exe cmd cmd.exe command.com certutil bitsadmin net net1 systeminfo tasklist taskkill type copy xcopy robocopy del erase \
        move ren rename reg regedit wmic mshta rundll32 regsvr32 cscript wscript sc schtasks at whoami.exe ipconfig.exe bcdedit bcdboot vssadmin wevtutil \
        icacls cacls takeown attrib msiexec msbuild installutil regasm regsvcs forfiles diskpart fsutil ntdsutil netsh nltest dsquery qwinsta query \
        iex iwr irm invoke-webrequest invoke-expression invoke-restmethod start-process new-object set-mppreference
        """
    )

    /// Commands that are not English words: judged without an argument.
    static let strong: Set<[UInt8]> = wordSet(
        """
        whoami uname wget curl lwp-download lwp-request ncat netcat nslookup ifconfig ipconfig powershell pwsh certutil bitsadmin systeminfo tasklist taskkill \
        wmic mshta rundll32 regsvr32 cscript wscript mkfifo socat busybox xxd cmd.exe powershell.exe whoami.exe ipconfig.exe useradd usermod adduser \
        chpasswd visudo pkexec sshpass bcdedit bcdboot vssadmin wevtutil icacls schtasks msiexec installutil regasm netsh nltest dsquery iex iwr irm \
        invoke-webrequest invoke-expression invoke-restmethod start-process ansible-playbook ansible-galaxy ansible-config ansible-console ansible-doc \
        ansible-inventory ansible-pull ansible-vault chef-client chef-shell chef-run chef-vault cscli
        """
    )

    /// Commands that are also words of prose or column names: at the very end after `;` or a line
    /// break that follows a word ("name;id", "Java; PHP") they count less.
    static let ambiguous: Set<[UInt8]> = wordSet(
        """
        id w who at date time type more less top head tail sort set last users groups view watch history make find host copy move net query ping echo env \
        source alias script expect split paste cut fold comm column trap kill su dir ls php python perl ruby node java lua bash sh ssh git cat tac rev nl pr \
        tr wc ed ex vi apt gem pip yarn mail man links fetch print
        """
    )

    /// Words that run the command after them.
    static let wrappers: Set<[UInt8]> = wordSet("time nohup sudo doas strace ltrace timeout xargs exec env stdbuf setsid busybox command builtin eval nice ionice")

    /// Unambiguous pieces of reverse shells, download cradles and process calls of script languages.
    static let code = NeedleSet([
        "/dev/tcp/", "/dev/udp/", "bash -i", "sh -i >", "-e /bin/", "0<&", ">&/dev", ">& /dev", "invoke-webrequest",
        "invoke-expression", "invoke-restmethod", "downloadstring(", "downloadfile(", "net.webclient", "start-process", "-encodedcommand", "frombase64string(",
        "-nop -w hidden", "-windowstyle hidden", "-executionpolicy bypass", "-exec bypass", "os.system(", "os.popen(", "subprocess.", "pty.spawn(",
        "commands.getoutput(", "io.popen(", "kernel.exec(", "kernel.system(", "process.spawn(", "runtime.exec(", "cmd /c", "cmd.exe /c", "cmd /k", "cmd.exe /k",
        "/bin/sh -c", "/bin/bash -c", "sh -c \"", "sh -c '", "bash -c \"", "bash -c '", "wget http", "curl http", "chmod +x", "chmod 777", "chmod 755",
        "rm -rf", "ncat -e", "%comspec%", "$shell",
    ] as [String])

    static let variables: Set<[UInt8]> = wordSet("cmd ifs path home shell user pwd oldpwd hostname env bash_version 0 1 @ * hist")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        // Shellshock: a function definition opening the value (after quotes or white space).
        if let range = value.find("()") {
            let before = value[..<range.lowerBound]
            if before.allSatisfy({ $0 == 0x20 || $0 == 0x27 || $0 == 0x22 }), value[range.upperBound...].prefix(3).contains(0x7B) {
                found.consider("rce.shellshock", 5, "a Shellshock function definition")
            }
        }
        if value.has("${ifs") || value.has("$ifs") { found.consider("rce.ifs", 5, "$IFS as a separator") }
        if value.has("/bin/") || value.has("/usr/bin/") || value.has("/usr/local/bin/") || value.has("/sbin/") {
            found.consider("rce.binary-path", 4, "a path to a system binary")
        }
        if let needle = Self.code.first(in: value) { found.consider("rce.code", 5, "\(String(decoding: needle, as: UTF8.self))") }
        // Shell expansions: $(…), $[…], <(…), >(…), ${NAME}, ${x:-y}
        if let range = value.find("$("), value[range.upperBound...].prefix(256).contains(0x29) { found.consider("rce.substitution", 5, "a $(…) command substitution") }
        if let range = value.find("$["), value[range.upperBound...].prefix(64).contains(0x5D) { found.consider("rce.arithmetic", 5, "a $[…] expansion") }
        if value.has("<(") || value.has(">(") { found.consider("rce.process-substitution", 4, "a process substitution") }
        if let range = value.find("${"), let close = value[range.upperBound...].prefix(32).firstIndex(of: 0x7D) {
            let name = value[range.upperBound..<close]
            let word = Array(name.prefix { Normalizer.isAlnum($0) || $0 == 0x5F })
            if Self.commands.contains(word) || Self.variables.contains(word) {
                found.consider("rce.variable", 5, "a shell variable expansion")
            } else if name.find(":-") != nil || name.find("#") != nil || name.find("%") != nil || name.find("//") != nil {
                found.consider("rce.variable", 5, "a shell parameter expansion")
            }
        }
        Self.glob(value, into: &found)
        if value.has("for") || value.has("if") { Self.batch(value, into: &found) }
        Self.scan(value, into: &found)
        // The shell's no-op obfuscations removed: c$@at, ca``t, w\ho''ami, n$u\c, ${IFS}.
        if value.contains(where: { $0 == 0x24 || $0 == 0x60 || $0 == 0x5C || $0 == 0x27 || $0 == 0x22 || $0 == 0x3C || $0 == 0x3E }),
            let cleaned = Self.deobfuscated(value), cleaned != value
        {
            Self.scan(cleaned, into: &found)
            Self.glob(cleaned, into: &found)
        }
        found.emit(.commandInjection, into: &matches)
    }

    /// Commands after line breaks of a value read without white-space folding (the request-level
    /// check calls this on decoded values, as the folded views turn line breaks into spaces).
    static func lines(_ value: [UInt8], into matches: inout [RuleMatch]) {
        var found = Strongest()
        for (index, byte) in value.enumerated() where byte == 0x0A || byte == 0x0D {
            if index + 1 < value.count, value[index + 1] == 0x0A || value[index + 1] == 0x0D { continue }
            judge(value, at: index + 1, .strong, into: &found)
        }
        found.emit(.commandInjection, into: &matches)
    }

    /// The value without the shell's no-op characters; nil when nothing changes.
    static func deobfuscated(_ value: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        let n = value.count
        var i = 0
        while i < n {
            let c = value[i]
            switch c {
            case 0x27, 0x22, 0x5C:  // quotes and backslashes
                i += 1
                continue
            case 0x60 where i + 1 < n && value[i + 1] == 0x60:  // ``
                i += 2
                continue
            case 0x3C where i + 2 < n && value[i + 1] == 0x28 && value[i + 2] == 0x29, 0x3E where i + 2 < n && value[i + 1] == 0x28 && value[i + 2] == 0x29:  // <() >()
                i += 3
                continue
            case 0x24 where i + 1 < n:
                let next = value[i + 1]
                if [0x40, 0x2A, 0x21, 0x3F, 0x2D, 0x23, 0x24, 0x5F].contains(next) || (0x30...0x39).contains(next) {  // $@ $* $! $? $- $# $$ $_ $1
                    i += 2
                    continue
                }
                if next == 0x7B, let close = value[(i + 2)...].prefix(24).firstIndex(of: 0x7D) {  // ${x} ${IFS}
                    let name = value[(i + 2)..<close]
                    if name.starts(with: "ifs".utf8) { out.append(0x20) }
                    i = close + 1
                    continue
                }
                if value[(i + 1)...].starts(with: "ifs".utf8) {  // $IFS$9
                    out.append(0x20)
                    i += 4
                    continue
                }
                // $u inside a word: a variable that is unset (uname$u, n$u\c)
                if i > 0, (0x61...0x7A).contains(value[i - 1]), (0x61...0x7A).contains(next), i + 2 >= n || !(0x61...0x7A).contains(value[i + 2]) {
                    i += 2
                    continue
                }
            default: break
            }
            out.append(c)
            i += 1
        }
        return out.count == value.count ? nil : out
    }

    enum Separator { case start, strong, weak, brace, substitution }

    /// Every place a command can start, judged.
    static func scan(_ value: [UInt8], into found: inout Strongest) {
        let n = value.count
        judge(value, at: 0, .start, into: &found)
        var i = 0
        while i < n {
            let c = value[i]
            switch c {
            case 0x3B, 0x0A, 0x0D:
                judge(value, at: i + 1, .strong, into: &found)
            case 0x7C:
                if i + 1 < n, value[i + 1] == 0x7C { i += 1 }
                judge(value, at: i + 1, .strong, into: &found)
            case 0x26:
                if i + 1 < n, value[i + 1] == 0x26 {
                    i += 1
                    judge(value, at: i + 1, .strong, into: &found)
                } else {
                    judge(value, at: i + 1, .weak, into: &found)
                }
            case 0x60:
                judge(value, at: i + 1, .substitution, into: &found)
            case 0x28 where i > 0 && (value[i - 1] == 0x24 || value[i - 1] == 0x3C || value[i - 1] == 0x3E):
                judge(value, at: i + 1, .substitution, into: &found)
            case 0x7B:
                judge(value, at: i + 1, .brace, into: &found)
            default: break
            }
            i += 1
        }
    }

    @inline(__always) static func isCommandByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2E || byte == 0x2F || byte == 0x5C || byte == 0x5F || byte == 0x2D || byte == 0x2B
    }

    /// The command word at `start` (path prefix removed) and where it ends.
    static func word(_ value: [UInt8], from start: Int) -> (word: ArraySlice<UInt8>, end: Int) {
        var j = start
        while j < value.count, isCommandByte(value[j]) { j += 1 }
        var wordStart = start
        var k = j
        while k > start {
            if value[k - 1] == 0x2F || value[k - 1] == 0x5C {
                wordStart = k
                break
            }
            k -= 1
        }
        return (value[wordStart..<j], j)
    }

    static func known(_ word: ArraySlice<UInt8>) -> [UInt8]? {
        guard !word.isEmpty, word.count <= 40 else { return nil }
        let whole = Array(word)
        if commands.contains(whole) { return whole }
        // python3.10, cmd.exe, gcc7, pip3
        let beforeDot = Array(word.prefix { $0 != 0x2E })
        if beforeDot.count >= 2, commands.contains(beforeDot) { return beforeDot }
        let letters = Array(beforeDot.reversed().drop { (0x30...0x39).contains($0) }.reversed())
        if letters.count >= 2, letters.count < beforeDot.count, commands.contains(letters) { return letters }
        return nil
    }

    enum Argument { case end, option, path, meta, address, comma, plain }

    static func argument(_ value: [UInt8], at start: Int) -> Argument {
        var k = start
        let limit = min(value.count, start + 64)
        while k < limit, value[k] == 0x20 || value[k] == 0x09 { k += 1 }
        guard k < value.count else { return .end }
        let c = value[k]
        let next: UInt8 = k + 1 < value.count ? value[k + 1] : 0
        let attached = k == start
        // `expand[]`, `sort[field]`: a bracket written onto the word is part of a name, not a glob argument.
        if attached, c == 0x5B { return .plain }
        // `AT&T`, `W&T`: an ampersand between `at` or a lone letter and a lone letter that is no command.
        let wordBefore = value[..<start].suffix(3).reversed().prefix { isCommandByte($0) }
        if attached, c == 0x26, wordBefore.count == 1 || wordBefore.elementsEqual("ta".utf8), (0x61...0x7A).contains(next),
            k + 2 >= value.count || !isCommandByte(value[k + 2]), !commands.contains([next])
        {
            return .plain
        }
        switch c {
        case 0x3B, 0x26, 0x7C, 0x60, 0x29, 0x7D, 0x0A, 0x0D: return .end
        case 0x2C: return .comma
        case 0x2D, 0x2B:  // -la --version +x
            if Normalizer.isAlnum(next) || next == 0x2D { return .option }
            return .plain
        case 0x2F, 0x7E, 0x5C: return .path
        case 0x2E where next == 0x2F || next == 0x2E: return .path
        case 0x24, 0x3E, 0x3C, 0x2A, 0x3F, 0x5B: return .meta
        case 0x30...0x39:
            // an IPv4 address: three dots in a run of digits and dots
            var dots = 0
            var j = k
            while j < min(value.count, k + 64), (0x30...0x39).contains(value[j]) || value[j] == 0x2E {
                if value[j] == 0x2E { dots += 1 }
                j += 1
            }
            return dots == 3 ? .address : .plain
        default:
            if value[k...].starts(with: "http://".utf8) || value[k...].starts(with: "https://".utf8) || value[k...].starts(with: "ftp://".utf8) { return .address }
            return .plain
        }
    }

    static func judge(_ value: [UInt8], at start: Int, _ separator: Separator, into found: inout Strongest) {
        let n = value.count
        var j = start
        // Bounded skips keep the whole pass linear: a run of `{ { {` or spaces is judged from each
        // separator only over a few bytes.
        let reach = min(n, start + 32)
        while j < reach, value[j] == 0x20 || value[j] == 0x09 || (separator != .start && (value[j] == 0x28 || value[j] == 0x7B)) { j += 1 }
        guard j < reach, isCommandByte(value[j]) else { return }
        var (word, end) = Self.word(value, from: j)
        var wrapped = false
        for _ in 0..<3 {
            guard Self.wrappers.contains(Array(word)), end < n, value[end] == 0x20 else { break }
            var k = end
            let limit = min(n, end + 64)
            while k < limit, value[k] == 0x20 { k += 1 }
            // timeout 5 cmd, nice -n 5 cmd
            while k < limit, value[k] == 0x2D || (0x30...0x39).contains(value[k]) {
                while k < limit, value[k] != 0x20 { k += 1 }
                while k < limit, value[k] == 0x20 { k += 1 }
            }
            guard k < limit else { break }
            guard k < n, isCommandByte(value[k]) else { break }
            let inner = Self.word(value, from: k)
            guard Self.known(inner.word) != nil else { break }
            (word, end) = inner
            wrapped = true
        }
        guard let name = Self.known(word) else { return }
        let label = String(decoding: name, as: UTF8.self)
        let argument = Self.argument(value, at: end)
        let strong = Self.strong.contains(name)
        var shellLike = argument == .option || argument == .path || argument == .meta || argument == .address
        if strong, argument == .plain, Self.domainLike(value, from: end) { shellLike = true }
        // ;sleep 5, |ping 10 — a number is the argument of these
        if separator != .start, ["sleep", "usleep"].contains(where: { name.elementsEqual($0.utf8) }), end < n, Self.number(value, from: end) { shellLike = true }
        // "ls -la shows the file is there", "cat ~/.npmrc has the right registry": a command line quoted in a
        // sentence that goes on in words (to the shell, more file names for a harmless command).
        let quoted = !strong && !wrapped && (argument == .option || argument == .path) && (separator == .start || separator == .strong) && Self.proseFollows(value, from: end)
        switch separator {
        case .start where quoted:
            found.consider("rce.command-word", 2, "a \(label) command line inside a sentence")
        case .strong where quoted && start >= 1 && (value[start - 1] == 0x0A || value[start - 1] == 0x0D):
            found.consider("rce.command-word", 2, "a \(label) command line inside a sentence")
        case .start:
            if strong && (argument != .plain || end >= n || wrapped) {
                found.consider("rce.command", 5, "the value is a \(label) command line")
            } else if shellLike || wrapped && argument == .end {
                // "ls -la", "cat /etc/passwd", "ping 10.0.0.1", "time who"; not "sort=id" or "cat food"
                found.consider("rce.command", 5, "the value is a \(label) command line")
            } else if strong || wrapped {
                found.consider("rce.command-word", 3, "starts with \(label)")
            }
        case .strong, .substitution:
            let separatorByte = value[..<start].suffix(64).last(where: { $0 != 0x20 }) ?? 0
            let lineBreak = separatorByte == 0x0A || separatorByte == 0x0D
            let last = value[..<start].suffix(64).last(where: { $0 != 0x20 && $0 != 0x3B && $0 != 0x0A && $0 != 0x0D })
            // A word before the separator ("name;id"), or the end of a sentence before a line break ("Thanks.\nCat").
            let afterWord = start >= 2 && (separatorByte == 0x3B || lineBreak)
                && last.map { (0x61...0x7A).contains($0) || lineBreak && [0x2E, 0x21, 0x3F, 0x2C, 0x3A, 0x29].contains($0) } == true
            // `The `export` button`: a word in backticks inside a sentence, as Markdown marks code.
            let inlineCode = separator == .substitution && start >= 3 && value[start - 1] == 0x60 && value[start - 2] == 0x20 && (0x61...0x7A).contains(value[start - 3])
                && end + 2 < n && value[end] == 0x60 && value[end + 1] == 0x20 && (0x61...0x7A).contains(value[end + 2])
            if argument == .end, afterWord, Self.ambiguous.contains(name), separator == .strong, !wrapped {
                found.consider("rce.command-word", 4, "a command name after a word and ';'")
            } else if inlineCode, !strong, !wrapped {
                found.consider("rce.command-word", 3, "a command name in backticks inside a sentence")
            } else if shellLike || argument == .end || strong || separator == .substitution || wrapped {
                found.consider("rce.command", 5, "runs \(label) after a shell separator")
            } else if !lineBreak, end >= n || value[end] != 0x3A {
                // A line of prose often starts with a command's name ("Find attached…", "Set a reminder…"),
                // and a label ends in ':' ("Type: debit; Split: 3 ways").
                found.consider("rce.command-word", 2, "a command name after a shell separator")
            }
        case .weak:
            if shellLike || strong && argument != .comma {
                found.consider("rce.command", 5, "runs \(label) after '&'")
            } else if argument == .end {
                found.consider("rce.command-word", 3, "a command name after '&'")
            }
        case .brace:
            if argument == .comma { found.consider("rce.brace-expansion", 5, "a brace expansion running \(label)") }
        }
    }

    /// After the command at `start`: one option (`-la`) or relative path (`~/.npmrc`, `./build`), then at
    /// least three words of letters (bounded look-ahead; commands after a later separator are judged there).
    static func proseFollows(_ value: [UInt8], from start: Int) -> Bool {
        let limit = min(value.count, start + 160)
        var k = start
        while k < limit, value[k] == 0x20 { k += 1 }
        guard k + 1 < limit else { return false }
        let option = value[k] == 0x2D
        let relative = value[k] == 0x7E && value[k + 1] == 0x2F || value[k] == 0x2E && value[k + 1] == 0x2F
        guard option || relative else { return false }
        while k < limit, value[k] != 0x20 {
            guard isCommandByte(value[k]) || value[k] == 0x7E else { return false }
            k += 1
        }
        var words = 0
        var letters = 0
        while k < limit, value[k] != 0x0A, value[k] != 0x0D {
            let c = value[k]
            if (0x61...0x7A).contains(c) || c >= 0x80 {
                letters += 1
            } else if c == 0x20 || c == 0x2E || c == 0x2C || c == 0x21 || c == 0x3F {
                if letters >= 2 { words += 1 }
                letters = 0
                if words >= 3 { return true }
                if c != 0x20 { return false }
            } else {
                // shell syntax, digits or a path before three words; what follows them is judged on its own
                return false
            }
            k += 1
        }
        if letters >= 2 { words += 1 }
        return words >= 3
    }

    static func number(_ value: [UInt8], from start: Int) -> Bool {
        var k = start
        let limit = min(value.count, start + 64)
        while k < limit, value[k] == 0x20 { k += 1 }
        var digits = 0
        while k < limit, (0x30...0x39).contains(value[k]) { digits += 1; k += 1 }
        // the number ends the command ("sleep 5;", "sleep 10 #"), not a sentence ("sleep 8 hours")
        while k < limit, value[k] == 0x20 { k += 1 }
        return digits > 0 && (k == value.count || k < limit && [0x3B, 0x7C, 0x26, 0x23, 0x60, 0x29, 0x0A, 0x0D].contains(value[k]))
    }

    /// The next token is a host or file name with an extension (google.com, x.sh).
    static func domainLike(_ value: [UInt8], from start: Int) -> Bool {
        var k = start
        let limit = min(value.count, start + 256)
        while k < limit, value[k] == 0x20 { k += 1 }
        var sawDot = false
        var lettersAfterDot = 0
        while k < limit, value[k] != 0x20 {
            if value[k] == 0x2E { sawDot = true; lettersAfterDot = 0 } else if (0x61...0x7A).contains(value[k]) { lettersAfterDot += 1 }
            k += 1
        }
        return sawDot && lettersAfterDot >= 2
    }

    /// Globbing in paths: /???/??t, /e??/p*d, /bi[n]/sh — wildcards in two path segments, or in one
    /// segment under a system directory.
    static func glob(_ value: [UInt8], into found: inout Strongest) {
        let n = value.count
        var i = 0
        while i < n {
            guard value[i] == 0x2F, i == 0 || [0x20, 0x27, 0x22, 0x3D, 0x3B, 0x7C, 0x26, 0x28, 0x2C, 0x7B, 0x3E, 0x3C, 0x60].contains(value[i - 1]) else {
                i += 1
                continue
            }
            var j = i
            var segments = 0
            var wildSegments = 0
            var segmentWild = false
            var segmentStart = i + 1
            var firstSegment: ArraySlice<UInt8> = []
            while j < n {
                let c = value[j]
                if c == 0x2F {
                    if j > i { segments += 1; if segmentWild { wildSegments += 1 } }
                    if segments == 1, firstSegment.isEmpty { firstSegment = value[segmentStart..<j] }
                    segmentWild = false
                    segmentStart = j + 1
                } else if c == 0x3F || c == 0x2A || c == 0x5B || c == 0x5D {
                    segmentWild = true
                } else if !(Normalizer.isAlnum(c) || c == 0x2E || c == 0x5F || c == 0x2D || c == 0x7E) {
                    break
                }
                j += 1
            }
            if segmentWild { wildSegments += 1 }
            if segments == 0 { firstSegment = value[segmentStart..<j] }
            let system = ["etc", "bin", "usr", "proc", "dev", "var", "tmp", "sbin", "root", "home", "lib", "opt", "boot", "sys"].contains { firstSegment.elementsEqual($0.utf8) }
            if wildSegments >= 2 || wildSegments == 1 && system && segments >= 1 {
                found.consider("rce.glob", 5, "a glob pattern in a system path")
                return
            }
            i = max(j, i + 1)
        }
    }

    /// `for [/f…] %v in (…) do …` and `if [/i] [not] … (== | equ | exist | errorlevel …) …` at the start of a command.
    static func batch(_ value: [UInt8], into found: inout Strongest) {
        var starts = [0]
        for (index, byte) in value.enumerated() where byte == 0x26 || byte == 0x7C || byte == 0x3B || byte == 0x0A { starts.append(index + 1) }
        for start in starts.prefix(64) {
            var i = start
            while i < min(value.count, start + 64), value[i] == 0x20 || value[i] == 0x40 { i += 1 }
            let rest = value[i...].prefix(512)
            if rest.starts(with: "for ".utf8) || rest.starts(with: "for/".utf8) {
                if let inRange = rest.find(" in ") ?? rest.find(" in("),
                    rest[..<inRange.lowerBound].contains(0x25), rest[inRange.upperBound...].find(" do") != nil || rest[inRange.upperBound...].find(")do") != nil
                {
                    found.consider("rce.batch-for", 5, "a Windows FOR loop")
                }
            } else if rest.starts(with: "if ".utf8) || rest.starts(with: "if/".utf8) {
                let tests = [" exist ", " defined ", "errorlevel", "==", " equ ", " neq ", " lss ", " leq ", " gtr ", " geq ", "cmdextversion"]
                if tests.contains(where: { rest.find(Array($0.utf8)) != nil }) { found.consider("rce.batch-if", 5, "a Windows IF command") }
            }
        }
    }
}
