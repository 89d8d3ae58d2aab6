#!/usr/bin/env python3
"""Writes the document fixtures of tests/fixtures/documents/ (DOCX, ODT, PDF) from one text per document.

DOCX and ODT are written here as zip + XML; PDFs are printed from HTML by headless Chromium
(`chromium` on PATH, or $CHROME). The page breaks are the same in every format, so a passage is
on the same page whichever file is read. The generated files are committed; run this again
only to change them, then check the expected findings in expected.toml by reading the documents.

Usage: scripts/make-document-fixtures.py [--bench]   (--bench also writes the 60-page PDF)
"""

import html
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "documents")

# Block kinds: header (issuer lines, number, place and date), title (kind, summary lines),
# center (text, bold?), chapter (two lines), article (heading line), p (text), table (rows),
# sign (lines), break (explicit page break).


def decision_header(issuer, number, place_date):
    return ("header", issuer, number, place_date)


QUY_CHE_DAY_DU = [
    decision_header(["ỦY BAN NHÂN DÂN", "TỈNH SƠN HÀ"], "Số: 15/QĐ-UBND", "Sơn Hà, ngày 12 tháng 3 năm 2024"),
    ("title", "QUYẾT ĐỊNH", ["Về việc ban hành Quy chế quản lý, vận hành và cung cấp thông tin", "trên Cổng Thông tin điện tử tỉnh Sơn Hà"]),
    ("center", "ỦY BAN NHÂN DÂN TỈNH SƠN HÀ", True),
    ("p", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
    ("p", "Căn cứ Thông tư số 22/2023/TT-BTTTT ngày 31 tháng 12 năm 2023 của Bộ trưởng Bộ Thông tin và Truyền thông quy định về cổng thông tin điện tử, trang thông tin điện tử của cơ quan nhà nước;"),
    ("p", "Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông."),
    ("center", "QUYẾT ĐỊNH:", True),
    ("p", "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý, vận hành và cung cấp thông tin trên Cổng Thông tin điện tử tỉnh Sơn Hà."),
    ("p", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
    ("p", "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Thông tin và Truyền thông, Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các huyện, thành phố chịu trách nhiệm thi hành Quyết định này."),
    ("sign", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(đã ký)", "Nguyễn Văn An"]),
    ("break",),
    ("title", "QUY CHẾ", ["Quản lý, vận hành và cung cấp thông tin trên Cổng Thông tin điện tử tỉnh Sơn Hà"]),
    ("center", "(Ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 12 tháng 3 năm 2024 của Ủy ban nhân dân tỉnh Sơn Hà)", False),
    ("chapter", "Chương I", "QUY ĐỊNH CHUNG"),
    ("article", "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng"),
    ("p", "1. Quy chế này quy định việc quản lý, vận hành, cung cấp thông tin và bảo đảm an toàn thông tin trên Cổng Thông tin điện tử tỉnh Sơn Hà (sau đây gọi là Cổng TTĐT tỉnh) tại địa chỉ sonha.gov.vn."),
    ("p", "2. Quy chế này áp dụng đối với các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố và các tổ chức, cá nhân tham gia quản lý, vận hành, cung cấp thông tin trên Cổng TTĐT tỉnh."),
    ("article", "Điều 2. Nguyên tắc quản lý, vận hành"),
    ("p", "Cổng TTĐT tỉnh là kênh thông tin chính thức của Ủy ban nhân dân tỉnh trên môi trường mạng. Thông tin được cung cấp kịp thời, chính xác, đầy đủ; không đăng tải thông tin thuộc danh mục bí mật nhà nước."),
    ("article", "Điều 3. Cơ quan chủ quản, đơn vị vận hành"),
    ("p", "Văn phòng Ủy ban nhân dân tỉnh là cơ quan chủ quản. Trung tâm Công nghệ thông tin và Truyền thông thuộc Sở Thông tin và Truyền thông là đơn vị vận hành kỹ thuật, chịu trách nhiệm bảo đảm hạ tầng, an toàn thông tin và hoạt động liên tục của Cổng TTĐT tỉnh."),
    ("break",),
    ("chapter", "Chương II", "CUNG CẤP THÔNG TIN"),
    ("article", "Điều 4. Thông tin cung cấp trên Cổng TTĐT tỉnh"),
    ("p", "Cổng TTĐT tỉnh cung cấp thông tin giới thiệu về tỉnh, tin tức, sự kiện, văn bản quy phạm pháp luật, thủ tục hành chính, dịch vụ công trực tuyến, chiến lược, quy hoạch, kế hoạch và các thông tin khác theo quy định của pháp luật."),
    ("article", "Điều 5. Quy trình cập nhật, phê duyệt tin bài"),
    ("p", "Tin, bài do các đơn vị gửi được biên tập viên tiếp nhận, biên tập và trình Trưởng Ban biên tập phê duyệt trước khi đăng tải. Thời hạn đăng tải không quá 02 ngày làm việc kể từ khi nhận được văn bản."),
    ("chapter", "Chương III", "VẬN HÀNH, BẢO ĐẢM AN TOÀN THÔNG TIN"),
    ("article", "Điều 6. Sao lưu dữ liệu và phương án dự phòng"),
    ("p", "1. Đơn vị vận hành sao lưu toàn bộ dữ liệu của Cổng TTĐT tỉnh hằng ngày vào hệ thống lưu trữ riêng; bản sao lưu hằng tuần được lưu tại Trung tâm dữ liệu dự phòng của tỉnh."),
    ("p", "2. Hạ tầng dự phòng gồm máy chủ ứng dụng, máy chủ cơ sở dữ liệu và đường truyền dự phòng, sẵn sàng thay thế khi hệ thống chính gặp sự cố."),
    ("article", "Điều 7. Quy trình xử lý, khắc phục sự cố"),
    ("p", "1. Khi phát hiện sự cố (Cổng TTĐT tỉnh không truy cập được, bị tấn công, bị thay đổi giao diện trái phép), cán bộ vận hành báo ngay cho lãnh đạo đơn vị vận hành và ghi nhận vào sổ theo dõi sự cố."),
    ("p", "2. Bước 1: cô lập hệ thống bị ảnh hưởng; Bước 2: xác định nguyên nhân, phạm vi ảnh hưởng; Bước 3: khắc phục sự cố, khôi phục hoạt động từ bản sao lưu gần nhất trong thời hạn không quá 04 giờ; Bước 4: báo cáo kết quả xử lý về Sở Thông tin và Truyền thông."),
    ("break",),
    ("article", "Điều 8. Tiếp nhận, xử lý thông tin vi phạm"),
    ("p", "1. Tổ chức, cá nhân phản ánh thông tin sai sự thật, vi phạm pháp luật trên Cổng TTĐT tỉnh qua chức năng góp ý hoặc thư điện tử của Ban biên tập."),
    ("p", "2. Trong thời hạn 24 giờ kể từ khi tiếp nhận, Ban biên tập kiểm tra, gỡ bỏ thông tin vi phạm, thông báo cho người phản ánh và báo cáo Trưởng Ban biên tập."),
    ("article", "Điều 9. Tạm ngừng hoạt động Cổng TTĐT tỉnh"),
    ("p", "Trường hợp phải tạm ngừng hoạt động để nâng cấp, bảo trì, đơn vị vận hành thông báo trên Cổng TTĐT tỉnh trước ít nhất 07 ngày làm việc, nêu rõ lý do, thời gian tạm ngừng và thời gian dự kiến khôi phục hoạt động; trong thời gian tạm ngừng, thông tin thiết yếu được duy trì trên hạ tầng dự phòng."),
    ("article", "Điều 10. Lưu trữ và chia sẻ dữ liệu"),
    ("p", "Thông tin trên Cổng TTĐT tỉnh được lưu trữ dưới dạng dữ liệu có cấu trúc trong cơ sở dữ liệu và được chia sẻ cho các hệ thống khác qua dịch vụ web (API) trên Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh, phù hợp Kiến trúc Chính quyền điện tử tỉnh Sơn Hà."),
    ("chapter", "Chương IV", "TỔ CHỨC THỰC HIỆN"),
    ("article", "Điều 11. Trách nhiệm thi hành"),
    ("p", "Sở Thông tin và Truyền thông chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh hướng dẫn, kiểm tra việc thực hiện Quy chế này; trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về Sở Thông tin và Truyền thông để tổng hợp, báo cáo."),
]

QUY_CHE_THIEU = [
    decision_header(["UBND TỈNH SƠN HÀ", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"], "Số: 42/QĐ-STNMT", "Sơn Hà, ngày 5 tháng 8 năm 2024"),
    ("title", "QUYẾT ĐỊNH", ["Về việc ban hành Quy chế quản lý, vận hành và cung cấp thông tin", "trên Trang thông tin điện tử Sở Tài nguyên và Môi trường"]),
    ("center", "GIÁM ĐỐC SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", True),
    ("p", "Căn cứ Thông tư số 22/2023/TT-BTTTT ngày 31 tháng 12 năm 2023 của Bộ trưởng Bộ Thông tin và Truyền thông;"),
    ("p", "Theo đề nghị của Chánh Văn phòng Sở."),
    ("center", "QUYẾT ĐỊNH:", True),
    ("p", "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý, vận hành và cung cấp thông tin trên Trang thông tin điện tử Sở Tài nguyên và Môi trường."),
    ("p", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở chịu trách nhiệm thi hành Quyết định này."),
    ("sign", ["GIÁM ĐỐC", "(đã ký)", "Trần Thị Bình"]),
    ("break",),
    ("title", "QUY CHẾ", ["Quản lý, vận hành và cung cấp thông tin trên Trang thông tin điện tử Sở Tài nguyên và Môi trường"]),
    ("center", "(Ban hành kèm theo Quyết định số 42/QĐ-STNMT ngày 5 tháng 8 năm 2024 của Giám đốc Sở Tài nguyên và Môi trường)", False),
    ("article", "Điều 1. Phạm vi điều chỉnh"),
    ("p", "Quy chế này quy định việc quản lý, vận hành và cung cấp thông tin trên Trang thông tin điện tử Sở Tài nguyên và Môi trường tại địa chỉ stnmt.sonha.gov.vn, áp dụng đối với các phòng, đơn vị thuộc Sở."),
    ("article", "Điều 2. Cung cấp thông tin"),
    ("p", "Các phòng, đơn vị gửi tin, bài, văn bản về Văn phòng Sở để đăng tải; không đăng tải thông tin vi phạm pháp luật, thông tin thuộc danh mục bí mật nhà nước."),
    ("article", "Điều 3. Sao lưu dữ liệu"),
    ("p", "Văn phòng Sở sao lưu dữ liệu của Trang thông tin điện tử hằng tuần vào ổ đĩa lưu trữ của Sở; bản sao lưu được giữ tối thiểu 03 tháng."),
    ("article", "Điều 4. Trách nhiệm thi hành"),
    ("p", "Chánh Văn phòng Sở chịu trách nhiệm tổ chức thực hiện Quy chế này; khi có sự cố, Văn phòng Sở báo cáo Giám đốc Sở để chỉ đạo."),
]

QD_CAP_DO = lambda level, number, date, issuer, org, system: [
    decision_header(issuer, number, date),
    ("title", "QUYẾT ĐỊNH", ["Phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin", system]),
    ("center", org, True),
    ("p", "Căn cứ Nghị định số 85/2016/NĐ-CP ngày 01 tháng 7 năm 2016 của Chính phủ về bảo đảm an toàn hệ thống thông tin theo cấp độ;"),
    ("p", "Căn cứ Thông tư số 12/2022/TT-BTTTT ngày 12 tháng 8 năm 2022 của Bộ trưởng Bộ Thông tin và Truyền thông quy định chi tiết và hướng dẫn một số điều của Nghị định số 85/2016/NĐ-CP;"),
    ("p", "Xét hồ sơ đề xuất cấp độ và đề nghị của đơn vị vận hành hệ thống."),
    ("center", "QUYẾT ĐỊNH:", True),
    ("p", "Điều 1. Phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin đối với " + system + ", cụ thể như sau:"),
    ("p", "1. Tên hệ thống thông tin: " + system + "."),
    ("p", "2. Cấp độ an toàn hệ thống thông tin: " + level + "."),
    ("p", "3. Đơn vị vận hành hệ thống thông tin: Trung tâm Công nghệ thông tin và Truyền thông tỉnh Sơn Hà."),
    ("p", "Điều 2. Giao đơn vị vận hành xây dựng quy chế bảo đảm an toàn thông tin và phương án bảo đảm an toàn hệ thống thông tin theo hồ sơ đề xuất cấp độ được phê duyệt, trình ban hành trong năm."),
    ("p", "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này."),
    ("sign", ["KT. GIÁM ĐỐC" if "SỞ" in org else "KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC" if "SỞ" in org else "PHÓ CHỦ TỊCH", "(đã ký)", "Lê Văn Cường"]),
]

QD_CAP_DO_2 = QD_CAP_DO(
    "Cấp độ 2", "Số: 27/QĐ-STTTT", "Sơn Hà, ngày 20 tháng 5 năm 2024",
    ["UBND TỈNH SƠN HÀ", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"], "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "Trang thông tin điện tử Sở Thông tin và Truyền thông tỉnh Sơn Hà")
QD_CAP_DO_3 = QD_CAP_DO(
    "cấp độ 3 (ba)", "Số 1250/2023/QĐ-UBND", "Sơn Hà, ngày 02 tháng 10 năm 2023",
    ["ỦY BAN NHÂN DÂN", "TỈNH SƠN HÀ"], "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN HÀ",
    "Cổng Thông tin điện tử tỉnh Sơn Hà")

THONG_BAO_HOP = [
    decision_header(["UBND TỈNH SƠN HÀ", "VĂN PHÒNG"], "Số: 318/TB-VP", "Sơn Hà, ngày 18 tháng 3 năm 2024"),
    ("title", "THÔNG BÁO", ["Về việc tổ chức họp rà soát công tác vận hành Cổng Thông tin điện tử tỉnh"]),
    ("p", "Văn phòng Ủy ban nhân dân tỉnh thông báo tổ chức họp rà soát công tác vận hành Cổng Thông tin điện tử tỉnh, cụ thể như sau:"),
    ("p", "1. Thời gian: 08 giờ 00 ngày 25 tháng 3 năm 2024."),
    ("p", "2. Địa điểm: Phòng họp số 2, Ủy ban nhân dân tỉnh."),
    ("p", "3. Nội dung:"),
    ("p", "- Nghe báo cáo về sự cố mất kết nối Cổng Thông tin điện tử tỉnh ngày 05 tháng 3 năm 2024 và việc xử lý sự cố của đơn vị vận hành;"),
    ("p", "- Góp ý dự thảo sửa đổi Quy chế quản lý, vận hành và cung cấp thông tin trên Cổng Thông tin điện tử tỉnh, trong đó có quy trình tiếp nhận, xử lý thông tin vi phạm;"),
    ("p", "- Thống nhất phương án dự phòng hạ tầng khi nâng cấp máy chủ và quy trình khắc phục sự cố;"),
    ("p", "- Triển khai hồ sơ đề xuất cấp độ 3 và quy chế bảo đảm an toàn thông tin theo Nghị định số 85/2016/NĐ-CP."),
    ("p", "4. Thành phần: lãnh đạo Văn phòng Ủy ban nhân dân tỉnh, Sở Thông tin và Truyền thông, Trung tâm Công nghệ thông tin và Truyền thông."),
    ("p", "Đề nghị các đại biểu tham dự đúng thời gian, thành phần./."),
    ("sign", ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "(đã ký)", "Phạm Thị Dung"]),
]

QUY_CHE_BANG = [
    decision_header(["UBND TỈNH SƠN HÀ", "SỞ Y TẾ"], "Số: 88/QĐ-SYT", "Sơn Hà, ngày 14 tháng 6 năm 2024"),
    ("title", "QUYẾT ĐỊNH", ["Ban hành Quy chế quản lý, vận hành và cung cấp thông tin", "trên Trang thông tin điện tử Sở Y tế"]),
    ("center", "GIÁM ĐỐC SỞ Y TẾ", True),
    ("p", "Căn cứ Thông tư số 22/2023/TT-BTTTT ngày 31 tháng 12 năm 2023 của Bộ trưởng Bộ Thông tin và Truyền thông;"),
    ("center", "QUYẾT ĐỊNH:", True),
    ("p", "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý, vận hành và cung cấp thông tin trên Trang thông tin điện tử Sở Y tế."),
    ("p", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
    ("sign", ["GIÁM ĐỐC", "(đã ký)", "Hoàng Văn Em"]),
    ("break",),
    ("title", "QUY CHẾ", ["Quản lý, vận hành và cung cấp thông tin trên Trang thông tin điện tử Sở Y tế"]),
    ("table", [
        ["STT", "Nội dung", "Quy định"],
        ["1", "Phạm vi, đối tượng áp dụng", "Quy chế này áp dụng đối với các phòng chức năng, đơn vị trực thuộc Sở Y tế và cán bộ, công chức tham gia quản lý, vận hành, cung cấp thông tin trên Trang thông tin điện tử Sở Y tế."],
        ["2", "Cung cấp, cập nhật thông tin", "Các phòng, đơn vị gửi tin, bài về Văn phòng Sở; Văn phòng Sở biên tập, trình lãnh đạo Sở phê duyệt và đăng tải trong thời hạn 02 ngày làm việc kể từ khi nhận được."],
        ["3", "Quy trình xử lý sự cố", "Bước 1: cán bộ vận hành phát hiện, ghi nhận sự cố và báo lãnh đạo Văn phòng Sở; Bước 2: phối hợp với doanh nghiệp cung cấp dịch vụ xác định nguyên nhân; Bước 3: khắc phục, khôi phục hoạt động; Bước 4: báo cáo kết quả bằng văn bản."],
        ["4", "Quy trình tiếp nhận, xử lý thông tin vi phạm", "Phản ánh về thông tin sai sự thật, vi phạm pháp luật được tiếp nhận qua thư điện tử của Văn phòng Sở; trong thời hạn 24 giờ, Văn phòng Sở kiểm tra, gỡ bỏ thông tin vi phạm và trả lời người phản ánh."],
    ]),
]

BAO_CAO_KIEM_TRA = [
    decision_header(["UBND TỈNH SƠN HÀ", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"], "Số: 205/BC-STTTT", "Sơn Hà, ngày 28 tháng 11 năm 2024"),
    ("title", "BÁO CÁO", ["Kết quả kiểm tra, đánh giá an toàn thông tin định kỳ năm 2024", "đối với Cổng Thông tin điện tử tỉnh Sơn Hà"]),
    ("article", "I. THÔNG TIN CHUNG"),
    ("p", "Cổng Thông tin điện tử tỉnh Sơn Hà được phê duyệt cấp độ 3 tại Quyết định số 1250/2023/QĐ-UBND. Hệ thống đã được kiểm tra, đánh giá an toàn thông tin trước khi đưa vào sử dụng theo Báo cáo số 12/BC-STTTT ngày 10 tháng 01 năm 2022."),
    ("article", "II. KẾT QUẢ KIỂM TRA ĐỊNH KỲ"),
    ("p", "Từ ngày 04 đến ngày 15 tháng 11 năm 2024, đoàn kiểm tra đã rà quét lỗ hổng, kiểm tra cấu hình máy chủ, tường lửa và ứng dụng của Cổng; phát hiện 02 lỗ hổng mức trung bình, đã được đơn vị vận hành khắc phục ngày 20 tháng 11 năm 2024."),
    ("article", "III. KIẾN NGHỊ"),
    ("p", "Đơn vị vận hành tiếp tục theo dõi, cập nhật bản vá và thực hiện kiểm tra, đánh giá an toàn thông tin định kỳ hằng năm theo quy định."),
    ("sign", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "(đã ký)", "Lê Văn Cường"]),
]

DOCUMENTS = {
    # name: (blocks, how DOCX marks its page breaks)
    "quy-che-day-du": (QUY_CHE_DAY_DU, "br"),
    "quy-che-thieu": (QUY_CHE_THIEU, "before"),
    "qd-cap-do-2": (QD_CAP_DO_2, "br"),
    "qd-cap-do-3": (QD_CAP_DO_3, "br"),
    "thong-bao-hop": (THONG_BAO_HOP, "br"),
    "quy-che-bang": (QUY_CHE_BANG, "rendered"),
    "bao-cao-kiem-tra": (BAO_CAO_KIEM_TRA, "br"),
}

# ---------------------------------------------------------------- DOCX

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def x(s):
    return html.escape(s, quote=False)


def w_run(text, bold=False, italic=False):
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{x(text)}</w:t></w:r>'


def w_par(text, bold=False, italic=False, center=False, style=None, before=False, rendered=False):
    ppr = ""
    if style or center or before:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:pageBreakBefore/>" if before else "") + ('<w:jc w:val="center"/>' if center else "") + "</w:pPr>"
    mark = "<w:r><w:lastRenderedPageBreak/></w:r>" if rendered else ""
    return f"<w:p>{ppr}{mark}{w_run(text, bold, italic)}</w:p>"


def w_cell(pars):
    return "<w:tc>" + "".join(pars) + "</w:tc>"


def docx(blocks, breaks):
    body = []
    pending = False  # a page break waits for the next paragraph (pageBreakBefore, lastRenderedPageBreak)

    def par(text, **kw):
        nonlocal pending
        flag = pending
        pending = False
        if breaks == "before":
            body.append(w_par(text, before=flag, **kw))
        elif breaks == "rendered":
            body.append(w_par(text, rendered=flag, **kw))
        else:
            body.append(w_par(text, **kw))

    for b in blocks:
        kind = b[0]
        if kind == "header":
            _, issuer, number, place_date = b
            left = [w_par(line, bold=(i == len(issuer) - 1), center=True) for i, line in enumerate(issuer)] + [w_par(number, center=True)]
            right = [w_par("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True), w_par("Độc lập - Tự do - Hạnh phúc", bold=True, center=True), w_par(place_date, italic=True, center=True)]
            body.append("<w:tbl><w:tblPr/><w:tr>" + w_cell(left) + w_cell(right) + "</w:tr></w:tbl>")
        elif kind == "title":
            par(b[1], bold=True, center=True)
            for line in b[2]:
                par(line, bold=True, center=True)
        elif kind == "center":
            par(b[1], bold=b[2], italic=not b[2], center=True)
        elif kind == "chapter":
            par(b[1], bold=True, center=True, style="Heading1")
            par(b[2], bold=True, center=True, style="Heading1")
        elif kind == "article":
            par(b[1], bold=True)
        elif kind == "p":
            par(b[1])
        elif kind == "sign":
            for i, line in enumerate(b[1]):
                par(line, bold=(i < len(b[1]) - 2 or i == len(b[1]) - 1), center=True)
        elif kind == "table":
            rows = []
            for row in b[1]:
                flag = pending
                pending = False
                cells = []
                for j, c in enumerate(row):
                    p = w_par(c, before=(flag and j == 0 and breaks == "before"), rendered=(flag and j == 0 and breaks == "rendered"))
                    if flag and j == 0 and breaks == "br":
                        p = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>" + p
                    cells.append(w_cell([p]))
                rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
            body.append("<w:tbl><w:tblPr/>" + "".join(rows) + "</w:tbl>")
        elif kind == "break":
            if breaks == "br":
                body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
            else:
                pending = True
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{"".join(body)}<w:sectPr/></w:body></w:document>'
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                     '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    return [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document)]


# ---------------------------------------------------------------- ODT

ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def odt(blocks):
    body = []
    pending = False

    def par(text, style="P", heading=False):
        nonlocal pending
        st = "PB" if pending else style
        pending = False
        if heading:
            body.append(f'<text:h text:style-name="{st}" text:outline-level="1">{x(text)}</text:h>')
        else:
            body.append(f'<text:p text:style-name="{st}">{x(text)}</text:p>')

    for b in blocks:
        kind = b[0]
        if kind == "header":
            _, issuer, number, place_date = b
            left = "".join(f'<text:p text:style-name="C">{x(line)}</text:p>' for line in issuer + [number])
            right = "".join(f'<text:p text:style-name="C">{x(line)}</text:p>' for line in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", place_date])
            body.append('<table:table table:name="Header"><table:table-column table:number-columns-repeated="2"/><table:table-row>'
                        f'<table:table-cell>{left}</table:table-cell><table:table-cell>{right}</table:table-cell></table:table-row></table:table>')
        elif kind == "title":
            par(b[1], "C")
            for line in b[2]:
                par(line, "C")
        elif kind == "center":
            par(b[1], "C")
        elif kind == "chapter":
            par(b[1], "C", heading=True)
            par(b[2], "C", heading=True)
        elif kind in ("article", "p"):
            par(b[1])
        elif kind == "sign":
            for line in b[1]:
                par(line, "C")
        elif kind == "table":
            rows = []
            for row in b[1]:
                cells = []
                for c in row:
                    st = "PB" if pending else "P"
                    pending = False
                    cells.append(f'<table:table-cell><text:p text:style-name="{st}">{x(c)}</text:p></table:table-cell>')
                rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
            body.append(f'<table:table table:name="T1"><table:table-column table:number-columns-repeated="{len(b[1][0])}"/>' + "".join(rows) + "</table:table>")
        elif kind == "break":
            pending = True
    styles = ('<office:automatic-styles>'
              '<style:style style:name="P" style:family="paragraph"/>'
              '<style:style style:name="C" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>'
              '<style:style style:name="PB" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>'
              '</office:automatic-styles>')
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODT_NS} office:version="1.3">'
               f'{styles}<office:body><office:text>{"".join(body)}</office:text></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    return [("mimetype", "application/vnd.oasis.opendocument.text"), ("META-INF/manifest.xml", manifest), ("content.xml", content)]


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            # ODF asks for an uncompressed "mimetype" first.
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


# ---------------------------------------------------------------- HTML → PDF

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 13pt; line-height: 1.3; }
p { margin: 0 0 6pt 0; text-align: justify; text-indent: 1cm; }
.c, .sign p, td p, .header p { text-indent: 0; }
.c { text-align: center; }
.b { font-weight: bold; }
.i { font-style: italic; }
.header { width: 100%; border-collapse: collapse; margin-bottom: 12pt; }
.header td { vertical-align: top; text-align: center; width: 50%; }
.break { break-before: page; }
table.t { border-collapse: collapse; width: 100%; }
table.t td { border: 1px solid #000; padding: 3pt 6pt; vertical-align: top; }
table.t td:first-child { width: 8%; text-align: center; }
table.t td:nth-child(2) { width: 30%; }
.sign { margin-left: 55%; text-align: center; margin-top: 10pt; }
"""


def page_html(blocks):
    out = []
    brk = False

    def cls(*names):
        nonlocal brk
        names = list(names) + (["break"] if brk else [])
        brk = False
        return " ".join(n for n in names if n)

    for b in blocks:
        kind = b[0]
        if kind == "header":
            _, issuer, number, place_date = b
            left = "".join(f'<p class="c{" b" if i == len(issuer) - 1 else ""}">{x(line)}</p>' for i, line in enumerate(issuer)) + f'<p class="c">{x(number)}</p>'
            right = (f'<p class="c b">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p class="c b">Độc lập - Tự do - Hạnh phúc</p>'
                     f'<p class="c i">{x(place_date)}</p>')
            out.append(f'<table class="{cls("header")}"><tr><td>{left}</td><td>{right}</td></tr></table>')
        elif kind == "title":
            out.append(f'<p class="{cls("c b")}">{x(b[1])}</p>' + "".join(f'<p class="c b">{x(line)}</p>' for line in b[2]))
        elif kind == "center":
            out.append(f'<p class="{cls("c", "b" if b[2] else "i")}">{x(b[1])}</p>')
        elif kind == "chapter":
            out.append(f'<p class="{cls("c b")}">{x(b[1])}</p><p class="c b">{x(b[2])}</p>')
        elif kind == "article":
            out.append(f'<p class="{cls("b")}">{x(b[1])}</p>')
        elif kind == "p":
            out.append(f'<p class="{cls()}">{x(b[1])}</p>')
        elif kind == "sign":
            out.append(f'<div class="{cls("sign")}">' + "".join(f'<p class="c b">{x(line)}</p>' for line in b[1]) + "</div>")
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{x(c)}</td>" for c in row) + "</tr>" for row in b[1])
            out.append(f'<table class="{cls("t")}">{rows}</table>')
        elif kind == "break":
            brk = True
    return "".join(out)


def html_doc(body):
    return f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{CSS}</style></head><body>{body}</body></html>'


def chrome():
    return os.environ.get("CHROME") or shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def chrome_run(args):
    subprocess.run([chrome(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                    "--disable-background-networking", "--disable-component-update", *args],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def print_pdf(html_text, out_path, tmp):
    src = os.path.join(tmp, "doc.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html_text)
    chrome_run(["--no-pdf-header-footer", f"--print-to-pdf={out_path}", "file://" + src])


def scanned(tmp):
    """The regulation's first page of articles as a picture only: what a scanner gives."""
    blocks = QUY_CHE_DAY_DU[12:22]
    src = os.path.join(tmp, "scan.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html_doc(page_html(blocks)).replace("<body>", '<body style="margin:24px 40px;width:560px;filter:grayscale(1)">'))
    png = os.path.join(OUT, "quy-che-anh-chup.png")
    chrome_run([f"--screenshot={png}", "--window-size=640,900", "file://" + src])
    page = html_doc('<img src="file://' + png + '" style="width:100%">')
    print_pdf(page, os.path.join(OUT, "quy-che-scan.pdf"), tmp)


def bench_pdf(tmp, pages=60):
    blocks = []
    n = 0
    for p in range(pages):
        if p:
            blocks.append(("break",))
        for _ in range(4):
            n += 1
            blocks.append(("article", f"Điều {n}. Quy định về quản lý, vận hành và cung cấp thông tin (phần {n})"))
            blocks.append(("p", QUY_CHE_DAY_DU[31][1]))
            blocks.append(("p", QUY_CHE_DAY_DU[37][1]))
    print_pdf(html_doc(page_html(blocks)), os.path.join(OUT, "bench-60-trang.pdf"), tmp)


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (blocks, breaks) in DOCUMENTS.items():
            write_zip(os.path.join(OUT, name + ".docx"), docx(blocks, breaks))
            write_zip(os.path.join(OUT, name + ".odt"), odt(blocks))
            print_pdf(html_doc(page_html(blocks)), os.path.join(OUT, name + ".pdf"), tmp)
        scanned(tmp)
        if "--bench" in sys.argv:
            bench_pdf(tmp)
    print("written to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
