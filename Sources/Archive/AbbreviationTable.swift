// The built-in abbreviation table: data, one entry per line, in the same format as a user's
// `abbreviations.tsv` (see `Abbreviations`). Keep entries that a clerk would type; an abbreviation
// that is also a common word ("tu" = từ/tư/tự) does not belong here.
extension Abbreviations {
    static let builtInTable = """
    # abbreviation<TAB>expansion[<TAB>expansion…]
    # State bodies and Party organs
    UBND\tỦy ban nhân dân
    HĐND\tHội đồng nhân dân
    MTTQ\tMặt trận Tổ quốc
    BCĐ\tBan Chỉ đạo
    BTV\tBan Thường vụ
    BCH\tBan Chấp hành
    TW\tTrung ương
    TƯ\tTrung ương
    TTg\tThủ tướng Chính phủ\tThủ tướng
    CP\tChính phủ
    BYT\tBộ Y tế
    BGDĐT\tBộ Giáo dục và Đào tạo
    BNV\tBộ Nội vụ
    BTC\tBộ Tài chính
    # Provincial departments (sở)
    SYT\tSở Y tế
    SGDĐT\tSở Giáo dục và Đào tạo
    SNV\tSở Nội vụ
    STC\tSở Tài chính
    STP\tSở Tư pháp
    SXD\tSở Xây dựng
    SCT\tSở Công Thương
    SNNMT\tSở Nông nghiệp và Môi trường
    SNNPTNT\tSở Nông nghiệp và Phát triển nông thôn
    STNMT\tSở Tài nguyên và Môi trường
    SKHĐT\tSở Kế hoạch và Đầu tư
    SKHCN\tSở Khoa học và Công nghệ
    STTTT\tSở Thông tin và Truyền thông
    SVHTTDL\tSở Văn hóa, Thể thao và Du lịch
    SLĐTBXH\tSở Lao động - Thương binh và Xã hội
    # Leaders and offices of a body (letterheads, "Nơi nhận" lists)
    BGĐ\tBan Giám đốc
    PGĐ\tPhó Giám đốc
    CVP\tChánh Văn phòng
    PCVP\tPhó Chánh Văn phòng
    VP\tVăn phòng
    UBKT\tỦy ban Kiểm tra
    LĐLĐ\tLiên đoàn Lao động
    TCCB\tTổ chức cán bộ
    TCHC\tTổ chức - Hành chính
    KHTC\tKế hoạch - Tài chính
    NVY\tNghiệp vụ Y
    NVD\tNghiệp vụ Dược
    # Units
    TTYT\tTrung tâm Y tế
    TTKSBT\tTrung tâm Kiểm soát bệnh tật
    CDC\tTrung tâm Kiểm soát bệnh tật
    BV\tbệnh viện
    BVĐK\tbệnh viện đa khoa
    TYT\ttrạm y tế
    THPT\ttrung học phổ thông
    THCS\ttrung học cơ sở
    HTX\thợp tác xã
    # Subjects
    TTHC\tthủ tục hành chính
    CCHC\tcải cách hành chính
    CNTT\tcông nghệ thông tin
    CĐS\tchuyển đổi số
    CBCCVC\tcán bộ, công chức, viên chức
    CBCC\tcán bộ, công chức
    CCVC\tcông chức, viên chức
    BHYT\tbảo hiểm y tế
    BHXH\tbảo hiểm xã hội
    KCB\tkhám bệnh, chữa bệnh\tkhám chữa bệnh
    ATTP\tan toàn thực phẩm
    GDĐT\tgiáo dục và đào tạo
    PCCC\tphòng cháy chữa cháy
    ANTT\tan ninh trật tự
    KTXH\tkinh tế - xã hội
    VBQPPL\tvăn bản quy phạm pháp luật
    # Document types
    KH\tkế hoạch
    BC\tbáo cáo
    QĐ\tquyết định
    CV\tcông văn
    NQ\tnghị quyết
    KL\tkết luận
    NĐ\tnghị định
    TT\tthông tư
    CT\tchỉ thị
    TB\tthông báo
    TTr\ttờ trình
    HD\thướng dẫn
    CĐ\tcông điện
    # Places
    TP\tthành phố
    TPHCM\tThành phố Hồ Chí Minh
    HCM\tHồ Chí Minh
    """
}
