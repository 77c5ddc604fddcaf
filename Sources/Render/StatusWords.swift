import Archive
import Foundation
import VietText

/// The words of an obligation's status, as people type them: the JSON word (`overdue`) or the
/// glossary's Vietnamese (`quá hạn`, README), with or without accents, in any case. The CLI's
/// `--status` and the web's `status=` read them through `parse`.
public enum StatusWords {
    public static let all: [ObligationStatus.Status] = [.fulfilled, .late, .overdue, .upcoming, .unscheduled]

    /// The glossary's Vietnamese word for a status.
    public static func vietnamese(_ s: ObligationStatus.Status) -> String {
        switch s {
        case .fulfilled: return "đã nộp"
        case .late: return "nộp muộn"
        case .overdue: return "quá hạn"
        case .upcoming: return "sắp đến hạn"
        case .unscheduled: return "chưa định hạn"
        }
    }

    /// The status `s` names; nil when it names none.
    public static func parse(_ s: String) -> ObligationStatus.Status? {
        let f = VietText.fold(s.trimmingCharacters(in: .whitespaces))
        if let v = ObligationStatus.Status(rawValue: f) { return v }
        return all.first { VietText.fold(vietnamese($0)) == f }
    }
}
