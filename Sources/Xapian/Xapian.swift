import CXapian
public enum XapianLibrary { public static var majorVersion: Int { Int(cx_version_major()) } }
