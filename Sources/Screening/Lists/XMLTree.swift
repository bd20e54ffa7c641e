// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small in-memory XML element tree (names without namespace prefixes), built with `XMLParser`.
struct XMLElement {
    var name: String
    var attributes: [String: String]
    var children: [XMLElement] = []
    var text = ""
    /// 1-based line of the element's start tag as the parser reported it (0 when not parsed from a document).
    var line = 0

    /// Children named `name`.
    func all(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
    /// The first child named `name`.
    func first(_ name: String) -> XMLElement? { children.first { $0.name == name } }
    /// The text of the first child named `name` that has text, trimmed, with runs of whitespace
    /// (the UN file wraps long values) collapsed to one space.
    func text(_ name: String) -> String? {
        for child in children where child.name == name {
            if let t = child.text.nonEmpty { return t.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        }
        return nil
    }
    /// A trimmed, non-empty attribute.
    func attribute(_ name: String) -> String? { attributes[name]?.nonEmpty }

    /// Parses a document; syntax errors (including truncation) throw `malformedXML` with the line.
    /// A list file's root element, which must be named `root`: an empty file is `empty`, a
    /// document with another root `wrongFormat` (naming both, and `format` when given).
    static func parseList(_ data: Data, file: String, root name: String, format: String? = nil) throws(ListImportError) -> XMLElement {
        guard !data.isEmpty else { throw ListImportError(.empty, file: file, "no data") }
        let root = try parse(data, file: file)
        guard root.name == name else {
            throw ListImportError(.wrongFormat, file: file, line: 1, "root element is <\(root.name)>, expected <\(name)>" + (format.map { " (\($0))" } ?? ""))
        }
        return root
    }

    static func parse(_ data: Data, file: String) throws(ListImportError) -> XMLElement {
        let builder = Builder()
        // Fed as a stream, in chunks: on Linux one push of a whole document larger than 10 MB (OFAC's
        // advanced XML is several times that) trips libxml2's "huge input lookup" limit and fails as
        // an internal error.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.delegate = builder
        let ok = parser.parse()
        if !ok || builder.root == nil || !builder.stack.isEmpty {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "incomplete document"
            throw ListImportError(.malformedXML, file: file, line: parser.lineNumber, "XML error: \(reason)")
        }
        return builder.root!
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLElement] = []
        var root: XMLElement?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            stack.append(XMLElement(name: local, attributes: attributeDict, line: parser.lineNumber))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard var element = stack.popLast() else { return }
            if !element.children.isEmpty && element.text.allSatisfy(\.isWhitespace) { element.text = "" }
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        }
    }
}
