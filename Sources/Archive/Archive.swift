import Documents
import VietText
import Xapian
public enum ArchiveInfo { public static let name = "VanBan" }
