import Render
/// HTML escaped by construction.
///
/// A page is a tree of `Node`s. Text nodes and attribute values are always escaped when the tree is
/// written; tag and attribute names are `StaticString`s, so no name can come from data; the only
/// markup written as it is is a `StaticString` (`Node.trusted`), i.e. text in this module's source.
/// Links are `Link`s, made of a static path and percent-encoded query items, so an `href` can never
/// be a `javascript:` URL or point off the site. There is no way to put a runtime `String` into the
/// output unescaped.
public struct Node: Sendable {
    enum Kind: Sendable {
        case element(StaticString, [Attribute], [Node])
        case void(StaticString, [Attribute])
        case text(String)
        case trusted(StaticString)
        case fragment([Node])
    }
    let kind: Kind

    /// An element with children.
    static func el(_ tag: StaticString, _ attributes: Attribute?..., @HTMLBuilder children: () -> [Node] = { [] }) -> Node {
        Node(kind: .element(tag, attributes.compactMap { $0 }, children()))
    }

    /// An element without an end tag (`input`, `meta`, `link`, `br`; SVG's `rect`).
    static func void(_ tag: StaticString, _ attributes: Attribute?...) -> Node {
        Node(kind: .void(tag, attributes.compactMap { $0 }))
    }

    static func text(_ s: String) -> Node { Node(kind: .text(s)) }
    static func trusted(_ s: StaticString) -> Node { Node(kind: .trusted(s)) }
    static func fragment(@HTMLBuilder _ children: () -> [Node]) -> Node { Node(kind: .fragment(children())) }
    static func fragment(_ children: [Node]) -> Node { Node(kind: .fragment(children)) }

    /// The tree as HTML text.
    func rendered() -> String {
        var out = ""
        out.reserveCapacity(4096)
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch kind {
        case .text(let s): HTMLEscape.text(s, into: &out)
        case .trusted(let s): out += s.description
        case .fragment(let children): for c in children { c.write(into: &out) }
        case .void(let tag, let attributes):
            // `/>`: valid on HTML's void elements and needed on SVG's empty ones (`rect`).
            openTag(tag, attributes, into: &out, selfClosing: true)
        case .element(let tag, let attributes, let children):
            openTag(tag, attributes, into: &out)
            for c in children { c.write(into: &out) }
            out += "</"
            out += tag.description
            out += ">"
        }
    }

    private func openTag(_ tag: StaticString, _ attributes: [Attribute], into out: inout String, selfClosing: Bool = false) {
        out += "<"
        out += tag.description
        for a in attributes {
            out += " "
            out += a.name.description
            if let v = a.value {
                out += "=\""
                HTMLEscape.attribute(v, into: &out)
                out += "\""
            }
        }
        out += selfClosing ? "/>" : ">"
    }
}

/// An attribute: a static name and a value escaped when written (nil: a boolean attribute).
public struct Attribute: Sendable {
    let name: StaticString
    let value: String?

    init(_ name: StaticString, _ value: String?) { self.name = name; self.value = value }

    static func `class`(_ v: String) -> Attribute { Attribute("class", v) }
    static func id(_ v: String) -> Attribute { Attribute("id", v) }
    static func href(_ link: Link) -> Attribute { Attribute("href", link.string) }
    static func name(_ v: StaticString) -> Attribute { Attribute("name", v.description) }
    static func value(_ v: String) -> Attribute { Attribute("value", v) }
    static func type(_ v: StaticString) -> Attribute { Attribute("type", v.description) }
    static func title(_ v: String) -> Attribute { Attribute("title", v) }
    static func lang(_ v: StaticString) -> Attribute { Attribute("lang", v.description) }
    static func flag(_ name: StaticString) -> Attribute { Attribute(name, nil) }
    /// A boolean attribute present only when `on`.
    static func flag(_ name: StaticString, _ on: Bool) -> Attribute? { on ? Attribute(name, nil) : nil }
}

/// A link inside this site: a static path and query items, percent-encoded.
public struct Link: Sendable, Equatable {
    public let string: String

    /// `path` with the items whose value is not nil, in order.
    init(_ path: StaticString, _ items: [(String, String?)] = []) {
        var s = path.description
        var first = true
        for (k, v) in items {
            guard let v else { continue }
            s += first ? "?" : "&"
            first = false
            s += Link.encode(k)
            s += "="
            s += Link.encode(v)
        }
        string = s
    }

    /// A local path taken from a request (the page to go back to after logging in): kept only when
    /// it is a path on this site (`/…`, not `//host` nor `/\host`), else the home page.
    init(localTarget raw: String?) {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/\\"),
              !raw.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }) else {
            string = "/"
            return
        }
        string = raw
    }

    /// Percent-encoding of a query key or value: everything but unreserved ASCII, UTF-8 bytes.
    static func encode(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let hex: [Character] = Array("0123456789ABCDEF")
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out.append("%")
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return out
    }
}

enum HTMLEscape {
    /// Text content: `&`, `<`, `>` (and quotes, so a text node is safe anywhere).
    static func text(_ s: String, into out: inout String) { escape(s, into: &out) }
    /// A double-quoted attribute value.
    static func attribute(_ s: String, into out: inout String) { escape(s, into: &out) }

    static func escape(_ s: String, into out: inout String) { MarkupEscape.escape(s, .html, into: &out) }
}

@resultBuilder
public enum HTMLBuilder {
    public static func buildBlock(_ parts: [Node]...) -> [Node] { parts.flatMap { $0 } }
    public static func buildExpression(_ node: Node) -> [Node] { [node] }
    public static func buildExpression(_ nodes: [Node]) -> [Node] { nodes }
    /// A string in a builder is a text node (escaped).
    public static func buildExpression(_ text: String) -> [Node] { [Node.text(text)] }
    public static func buildOptional(_ nodes: [Node]?) -> [Node] { nodes ?? [] }
    public static func buildEither(first nodes: [Node]) -> [Node] { nodes }
    public static func buildEither(second nodes: [Node]) -> [Node] { nodes }
    public static func buildArray(_ nodes: [[Node]]) -> [Node] { nodes.flatMap { $0 } }
}
