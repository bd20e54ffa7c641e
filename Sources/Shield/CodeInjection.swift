// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Template and expression injection: `{{…}}`, `${…}`, `#{…}`, `<%= … %>`, `*{…}` with an expression
/// inside, and Python object traversal.
public struct TemplateInjectionDetector: Detector {
    public init() {}
    static let engines = NeedleSet([
        "<#assign", "<#if", "<#list", "<#include", "<#import", "<#macro", "<#function", "<#setting", "#set(", "#set (", "#foreach(", "#foreach (",
        "#evaluate(", "#parse(", "?new(", "freemarker.template", "|attr(", ".mro(", "${{", "[[${", "{system(", "{exec(", "{passthru(", "{$smarty",
        "{{request.", "{{config", "{{self", "{{_self", "{{lipsum", "{{cycler", "{{joiner", "{{namespace", "{{url_for", "{{get_flashed", "{{ config",
        "{{ self", "{{ _self", "{{ request.", "{{ lipsum", "{{ cycler", "{{ url_for", "$class.inspect", "$class.forname", "{{#with", "{{#each", "{{= ",
        "_templatereference__context", "registerundefinedfiltercallback", "getfilter(", "{{constructor", "{{this.constructor",
    ])
    /// Statements of Jinja/Twig/Django (`{% … %}`) and ERB/ASP/JSP (`<% … %>`) blocks.
    static let statements = bytes("if for set import include extends macro block raw print with from call filter endif endfor debug load autoescape end puts system exec eval require response. request. out. runtime")
    static let dunders = bytes("__class__ __mro__ __subclasses__ __globals__ __builtins__ __import__ __init__ __base__ __dict__ __getattribute__ __reduce__")

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        if let dunder = Self.dunders.first(where: { value.has($0) }) { found.consider("ssti.python-internals", 5, "\(String(decoding: dunder, as: UTF8.self))") }
        if let needle = Self.engines.first(in: value) { found.consider("ssti.engine", 5, "template engine syntax \(String(decoding: needle, as: UTF8.self))") }
        // Razor arithmetic probe: @(7*7)
        if let range = value.find("@("), let close = value[range.upperBound...].prefix(32).firstIndex(of: 0x29),
            value[range.upperBound..<close].contains(where: { $0 == 0x2A || $0 == 0x2B }), value[range.upperBound..<close].contains(where: { (0x30...0x39).contains($0) })
        {
            found.consider("ssti.expression", 5, "a Razor expression")
        }
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
            let statement = inside.drop { $0 == 0x20 || $0 == 0x2D || $0 == 0x2B || $0 == 0x3D }
            let keyword = (closing == [0x25, 0x7D] || closing == [0x25, 0x3E]) && Self.statements.contains { statement.starts(with: $0) }
            // A dotted name alone ({{ad.name}}, {{campaign.id}} of ad platforms' URL macros) is a placeholder;
            // a dotted name ending in a call, an index or a filter is an expression.
            let dottedName = closing == [0x7D, 0x7D] && inside.allSatisfy { (0x61...0x7A).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x20 || (0x30...0x39).contains($0) }
                && inside.first(where: { $0 != 0x20 }).map { (0x61...0x7A).contains($0) } == true && inside.find("..") == nil
            let expression = keyword || inside.contains { [0x2A, 0x2B, 0x28, 0x5B, 0x7C, 0x3A, 0x22, 0x27, 0x40, 0x25, 0x3D].contains($0) }
                || !dottedName && inside.find(".") != nil && inside.contains(where: { (0x61...0x7A).contains($0) })
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
        for pattern in ["*)(", ")(|(", ")(&(", ")(!(", "*))", "(|(", "(&(", ")(objectclass=", "(objectclass=*)", "*)(uid=", "*)(cn=", "admin)(", "*)%00", "*()|", "=*)(", ")(|", ")(&", "*)(&", "*)(|", "(uid=*", "(cn=*", "(mail=*", "userpassword=*", "(|(objectclass", "(&(objectclass"] where value.has(Array(pattern.utf8)) {
            found.consider("ldap.filter", 5, "LDAP filter syntax \(pattern)")
            break
        }
        found.emit(.ldapInjection, into: &matches)
    }
}

/// PHP code injection: opening tags, dangerous functions called, superglobals, serialized objects.
public struct PHPInjectionDetector: Detector {
    public init() {}
    static let functions = bytes("gzdecode( gzuncompress( get_defined_functions( get_defined_vars( strrev( assert_options( parse_str( extract( putenv( dl( symlink( chmod( chown( curl_exec( fsockopen( stream_socket_client( move_uploaded_file( system( exec( shell_exec( passthru( popen( proc_open( pcntl_exec( eval( assert( base64_decode( gzinflate( str_rot13( file_get_contents( file_put_contents( fopen( fwrite( readfile( include( include_once( require( require_once( phpinfo( create_function( call_user_func( call_user_func_array( preg_replace( unserialize( highlight_file( show_source( php_uname( getenv( ini_set( set_time_limit( posix_getpwuid( array_map( ob_start( mail( pfsockopen( curl_init( curl_multi_exec( zlib_decode( bzdecompress( gzdeflate( gzencode( posix_getegid( posix_geteuid( posix_getuid( posix_kill( posix_mkfifo( posix_setuid( posix_setsid( print_r( var_dump( var_export( file_exists( is_writable( is_readable( scandir( glob( opendir( readdir( rmdir( unlink( rename( copy( tempnam( tmpfile( fputs( fread( fgets( file( stream_get_contents( stream_context_create( get_current_user( getmypid( getmyuid( phpversion( ini_get( ini_get_all( ini_restore( apache_setenv( dl( register_shutdown_function( register_tick_function( array_filter( array_walk( array_reduce( usort( uasort( uksort( call_user_method( forward_static_call( func_get_args( create_function( escapeshellarg( escapeshellcmd( proc_nice( proc_terminate( expect_popen( mb_ereg_replace( preg_replace_callback( hex2bin( bin2hex( convert_uudecode( str_replace( chr( ord( strrev( serialize( gethostbyname( dns_get_record( fsockopen( socket_create( socket_connect( mysql_query( mysqli_query( pg_query( sqlite_query( simplexml_load_string( simplexml_load_file( xml_parse( libxml_disable_entity_loader(")
    static let functionNames: Set<[UInt8]> = Set(functions.map { Array($0.dropLast()) })

    /// Functions also common in other languages or prose: judged weakly.
    static let weak: Set<[UInt8]> = Set(bytes("exec eval include require mail fopen fwrite array_map ob_start getenv ini_set assert system extract file copy rename glob chr ord unlink symlink readfile serialize usort"))

    static func isIdentifier(_ byte: UInt8) -> Bool { Normalizer.isAlnum(byte) || byte == 0x5F || byte == 0x24 || byte == 0x2E || byte == 0x2D || byte == 0x3E }

    /// The value without `//…`, `#…` (to the line end) and `/*…*/` comments and without white space.
    static func stripComments(_ value: [UInt8]) -> [UInt8] {
        var origins: [Int]?
        return stripComments(value, origins: &origins)
    }

    /// As `stripComments(_:)`; when `origins` is non-nil, it receives the index in `value` of each byte kept.
    static func stripComments(_ value: [UInt8], origins: inout [Int]?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        if origins != nil { origins!.removeAll(keepingCapacity: true); origins!.reserveCapacity(value.count) }
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
                origins?.append(i)
                i += 1
            }
        }
        return out
    }

    static let codeStarts = bytes("php echo print eval( system( exec( include require passthru shell_exec phpinfo assert file_put_contents fwrite( die( if( foreach( `")
    static let tags = NeedleSet(["[php]", "[/php]", "{php}", "{/php}", "[\\php]"])
    static let directives = NeedleSet([
        "allow_url_include", "allow_url_fopen=", "auto_prepend_file", "auto_append_file", "disable_functions=", "open_basedir=", "safe_mode=",
        "register_globals=", "suhosin.", "cgi.force_redirect", "opcache.", "mbstring.regex", "unserialize_max_depth", "extension_dir=", "memory_limit =",
        "memory_limit=", "engine=", "extension=", "precision=", "smtp=", "-d allow", "-dallow",
    ])

    /// Calls of computed names: $f(…), $a['x'](…), ${'x'}(…), ("sys"."tem")(…), [system][0](…).
    static func calledExpressions(_ code: [UInt8], into found: inout Strongest) {
        var statements: Bool?  // the value holds ';' or '=' (looked up once, when first needed)
        for (index, byte) in code.enumerated() where byte == 0x28 && index > 0 {
            var j = index - 1
            // skip [..] and {..} chains backwards (bounded)
            var steps = 0
            while j >= 0, steps < 8, code[j] == 0x5D || code[j] == 0x7D {
                let open: UInt8 = code[j] == 0x5D ? 0x5B : 0x7B
                var k = j - 1
                while k >= 0, j - k < 48, code[k] != open { k -= 1 }
                guard k >= 0, code[k] == open else { break }
                j = k - 1
                steps += 1
            }
            if j >= 0, code[j] == 0x29 || steps > 0 && (code[j] == 0x29 || code[j] == 0x28 || code[j] == 0x3B || code[j] == 0x2C) || j < 0 {
                // a parenthesised or bracketed callee: its letters, squeezed, end with a function name
                var letters: [UInt8] = []
                var k = min(index - 1, code.count - 1)
                while k >= 0, index - k < 64, code[k] != 0x3B {
                    if (0x61...0x7A).contains(code[k]) || code[k] == 0x5F { letters.append(code[k]) }
                    k -= 1
                }
                letters.reverse()
                for length in stride(from: min(letters.count, 24), through: 3, by: -1) where functionNames.contains(Array(letters.suffix(length))) {
                    found.consider("php.function", 5, "calls \(String(decoding: letters.suffix(length), as: UTF8.self)) through an expression")
                    return
                }
            }
            if j < 0 { continue }
            // $name( or ${…}(
            var k = j
            while k >= 0, j - k < 64, Normalizer.isAlnum(code[k]) || code[k] == 0x5F || code[k] >= 0x80 { k -= 1 }
            if k >= 0, code[k] == 0x24, k < j, !(0x30...0x39).contains(code[k + 1]) {
                // `$f('id')`, `$f($x)`, `$f()`: code; `my$ecret(pass)` in a password or a sentence: a word
                // glued to '$' and a plain word as the argument, in a value without statements.
                let glued = k > 0 && Normalizer.isAlnum(code[k - 1])
                let argument = index + 1 < code.count ? code[index + 1] : 0
                if statements == nil { statements = code.contains { $0 == 0x3B || $0 == 0x3D } }
                let plainArgument = Normalizer.isAlnum(argument) && statements == false
                if glued && plainArgument {
                    found.consider("php.variable-function", 3, "calls a function through a variable")
                    continue
                }
                found.consider("php.variable-function", 5, "calls a function through a variable")
                return
            }
            if k == j, code[j] == 0x7D, j >= 1 {
                continue
            }
        }
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
            var origins: [Int]? = []
            let code = Self.stripComments(value, origins: &origins)
            let origin = origins!
            for (index, byte) in code.enumerated() where byte == 0x28 {
                var end = index
                if end > 0, code[end - 1] == 0x22 || code[end - 1] == 0x27 {
                    // ("system")( : the quoted name before ")("
                    guard end >= 2, code[end - 1] == 0x22 || code[end - 1] == 0x27 else { continue }
                }
                if end > 1, code[end - 1] == 0x29, code[end - 2] == 0x22 || code[end - 2] == 0x27 { end -= 2 }
                var start = end
                while start > 0, end - start <= 32, Normalizer.isAlnum(code[start - 1]) || code[start - 1] == 0x5F { start -= 1 }
                guard end - start >= 3, end - start <= 32 else { continue }
                let name = Array(code[start..<end])
                guard Self.functionNames.contains(name) else { continue }
                let before = start == 0 ? 0x20 : code[start - 1]
                if before == 0x2E || before == 0x3E || before == 0x2D && start >= 2 && code[start - 2] != 0x2D { continue }  // a method: x.exec(, $o->exec(
                // Written as a call (name directly followed by '(' or a comment) rather than prose ("the system (beta)").
                // Judged where this name is written in the value (a bounded look at the bytes after it), so
                // that each call costs a constant: `name(`, `name/*`, `name")`, `name')`.
                let after = value[(origin[end - 1] + 1)...].prefix(2)
                let direct = after.first == 0x28 || after.elementsEqual([0x2F, 0x2A]) || after.elementsEqual([0x22, 0x29]) || after.elementsEqual([0x27, 0x29])
                // The argument looks like code: a string, a variable, nothing, a backtick command.
                let next: UInt8 = index + 1 < code.count ? code[index + 1] : 0
                let codeArgument = [0x27, 0x22, 0x24, 0x29, 0x60, 0x40].contains(next) || before == 0x40
                let score = codeArgument ? 5 : Self.weak.contains(name) || !direct ? 3 : 5
                found.consider("php.function", score, "calls \(String(decoding: name, as: UTF8.self))()")
            }
        }
        if value.contains(0x28), value.contains(0x24) || value.contains(0x29) || value.contains(0x5D) || value.contains(0x7D) {
            Self.calledExpressions(Self.stripComments(value), into: &found)
        }
        if let tag = Self.tags.first(in: value) { found.consider("php.tag", 5, "\(String(decoding: tag, as: UTF8.self))") }
        if let range = value.find("<?"), range.upperBound + 1 < value.count, [0x20, 0x09, 0x0A, 0x0D].contains(value[range.upperBound]),
            case let code = value[(range.upperBound + 1)...].prefix(64).drop(while: { [0x20, 0x09, 0x0A, 0x0D].contains($0) }).prefix(24),
            code.first == 0x24 || code.first == 0x40 || Self.codeStarts.contains(where: { code.starts(with: $0) })
        {
            found.consider("php.open-tag", 5, "a PHP short opening tag followed by code")
        }
        if let directive = Self.directives.first(in: value) { found.consider("php.ini-directive", 5, "sets \(String(decoding: directive, as: UTF8.self))") }
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

/// Java: JNDI lookups (Log4Shell and its obfuscations), runtime and reflection calls, class names
/// of exploit payloads (java.lang, java.io, commons-collections gadgets, Struts/XWork, CORBA),
/// serialized objects (also as base64 at any alignment), OGNL and Spring class-loader access.
public struct JavaInjectionDetector: Detector {
    public init() {}
    static let needles = NeedleSet([
        "getruntime()", ".getruntime(", "processbuilder", "class.forname", ".getclass(", ".getdeclaredmethod", ".getdeclaredfield", ".getmethod(", ".invoke(",
        ".newinstance(", "classloader", "#_memberaccess", "memberaccess", "@java.", "@ognl", "ognlcontext", "(#context", "#context[", "#context.", "#attr[",
        "xwork.methodaccessor", "xwork2", "com.opensymphony", "javax.script", "javax.naming", "javax.management", "javax.el.", "org.apache.commons",
        "com.sun.", "sun.misc.", "sun.reflect.", "jdk.nashorn", "org.omg.corba", "org.apache.xalan", "org.apache.xbean", "org.codehaus.groovy",
        "org.springframework.context.support", "org.springframework.beans.factory", "com.mchange.v2", "bsh.interpreter", "com.alibaba.fastjson",
        "invokertransformer", "chainedtransformer", "constanttransformer", "instantiatetransformer", "clonetransformer", "instantiatefactory",
        "prototypeclonefactory", "prototypeserializationfactory", "whileclosure", "forclosure", "templatesimpl", "annotationinvocationhandler", "lazymap",
        "transformedmap", "badattributevalueexpexception", "jdbcrowsetimpl", "methodclosure", "convertedclosure", "beancomparator", "ysoserial",
        "<dynamic-proxy", "<void method=", "facescontext", "pagecontext.", "jndi:ldap", "jndi:rmi", "jndi:dns", "jndi:iiop", "jndi:corba", "jndi:nis",
        "jndi:nds", "jndi:http", "java.runtime", "java.processbuilder",
    ] as [String])
    static let lookups = bytes("${jndi: ${lower: ${upper: ${env: ${sys: ${java: ${main: ${date: ${ctx: ${spring: ${bundle: ${docker: ${k8s: ${log4j: ${web: ${base64: ${::- ${${ ${jvmrunargs ${sd: ${event: ${map: ${marker:")
    /// Packages whose classes an exploit names (java.lang.Runtime, java.io.FileInputStream, …);
    /// exceptions and errors (quoted in support messages) are left alone.
    static let packages = bytes("java.lang. java.io. java.net. java.nio. java.beans. java.rmi. java.util.scanner java.util.base64 java.security.")

    /// Words of exploit payloads as they appear inside base64 at each of the three alignments.
    static let base64Needles: NeedleSet = {
        let words = ["runtime", "Runtime", "processbuilder", "ProcessBuilder", "clonetransformer", "forclosure", "instantiatefactory", "instantiatetransformer",
                     "invokertransformer", "InvokerTransformer", "ChainedTransformer", "prototypeclonefactory", "prototypeserializationfactory", "whileclosure",
                     "getproperty", "filewriter", "xmldecoder", "TemplatesImpl", "getRuntime", "java.lang"]
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: Set<[UInt8]> = []
        for word in words {
            for shift in 0..<3 {
                let data = [UInt8](repeating: 0, count: shift) + Array(word.utf8)
                var chars: [UInt8] = []
                var index = 0
                // character i covers bits [6i, 6i+6); keep those wholly inside the word
                while (index + 1) * 6 <= data.count * 8 {
                    let bit = index * 6
                    var v = 0
                    for b in 0..<6 {
                        let position = bit + b
                        v = v << 1 | Int((data[position / 8] >> (7 - UInt8(position % 8))) & 1)
                    }
                    if bit >= shift * 8 { chars.append(alphabet[v] | (alphabet[v] >= 0x41 && alphabet[v] <= 0x5A ? 0x20 : 0)) }
                    index += 1
                }
                if chars.count >= 8 { out.insert(chars) }
            }
        }
        return NeedleSet(Array(out))
    }()

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        if value.contains(0x7B) {
            if let lookup = Self.lookups.first(where: { value.has($0) }) { found.consider("java.jndi", 5, "a \(String(decoding: lookup, as: UTF8.self)) lookup") }
            if value.has("jndi:"), value.has("${") { found.consider("java.jndi", 5, "a JNDI lookup") }
            // ${x:-y} defaults nest lookups inside each other (${${a:-j}ndi:…})
            if let range = value.find("${"), let close = value[range.upperBound...].prefix(64).firstIndex(of: 0x7D), value[range.upperBound..<close].find(":-") != nil {
                found.consider("java.jndi", 5, "a lookup with a default value")
            }
            if value.has("%{(") || value.has("%{#") || value.has("%{@") { found.consider("java.ognl", 5, "an OGNL expression") }
        }
        if let needle = Self.needles.first(in: value) { found.consider("java.runtime", 5, "\(String(decoding: needle, as: UTF8.self))") }
        for package in Self.packages where value.count > 8 && value.has("java") {
            guard let range = value.find(package) else { continue }
            var end = range.upperBound
            while end < value.count, Normalizer.isAlnum(value[end]) || value[end] == 0x2E || value[end] == 0x5F || value[end] == 0x24 { end += 1 }
            let name = value[range.upperBound..<end]
            if !name.isEmpty || package.last != 0x2E, !(name.reversed().starts(with: "noitpecxe".utf8) || name.reversed().starts(with: "rorre".utf8)) {
                found.consider("java.class", 5, "the class \(String(decoding: value[range.lowerBound..<end], as: UTF8.self))")
                break
            }
        }
        // "java" and "runtime"/"processbuilder" in one dotted name (java.evil.Runtime)
        if let range = value.find("java") {
            let dotted = value[range.upperBound...].prefix { Normalizer.isAlnum($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x24 }
            if dotted.first == 0x2E, dotted.find("runtime") != nil { found.consider("java.runtime", 5, "a Java runtime class") }
        }
        // Serialized Java objects: magic aced0005, base64 rO0AB, raw AC ED 00 05.
        if value.has("aced0005") || value.has("ro0ab") || value.has([0xAC, 0xED, 0x05]) || value.has([0xAC, 0xED, 0x00, 0x05]) {
            found.consider("java.serialized-object", 5, "a serialized Java object")
        }
        if value.count >= 10, value.contains(where: { (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }) {
            if let needle = Self.base64Needles.first(in: value) {
                found.consider("java.base64", 5, "a Java class name inside base64 (\(String(decoding: needle, as: UTF8.self)))")
            }
        }
        found.emit(.javaInjection, into: &matches)
    }
}
