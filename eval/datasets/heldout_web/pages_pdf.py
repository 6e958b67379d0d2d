"""Two synthetic pages printed to PDF (source HTML goes to pdf_src/). Invented content."""

from __future__ import annotations

STYLE = """<style>
body { font-family: "DejaVu Serif", serif; font-size: 12pt; line-height: 1.35; margin: 2cm; }
h1 { font-size: 15pt; text-align: center; } h2 { font-size: 13pt; }
table { border-collapse: collapse; } td, th { border: 1px solid #444; padding: 3px 8px; }
.hdr { width: 100%; border: none; } .hdr td { border: none; text-align: center; vertical-align: top; }
.small { font-size: 9pt; color: #555; }
</style>"""

P11 = (
    """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Tình hình công nhận phòng thí nghiệm năm 2024</title>"""
    + STYLE
    + """</head>
<body>
<p class="small">boa.gov.vn › Tin tức › Hoạt động công nhận</p>
<h1>Tình hình công nhận phòng thí nghiệm theo ISO/IEC 17025 năm 2024</h1>
<p class="small">Cập nhật: 10/02/2025 | Văn phòng Công nhận Chất lượng</p>
<p>Năm 2024, hoạt động công nhận của Văn phòng Công nhận Chất lượng (BoA) tiếp tục tăng trưởng cả về số lượng và lĩnh vực. Tính đến ngày 31/12/2024, hệ thống công nhận phòng thí nghiệm Việt Nam (VILAS) có 1.642 phòng thí nghiệm đang duy trì hiệu lực công nhận theo tiêu chuẩn TCVN ISO/IEC 17025:2017.</p>
<p>Trong năm 2024, BoA đã công nhận mới 118 phòng thí nghiệm, công nhận lại 296 phòng thí nghiệm và thực hiện 1.050 cuộc đánh giá giám sát, mở rộng phạm vi. Con số công nhận mới này cao hơn năm 2023, khi BoA công nhận mới 104 phòng thí nghiệm. Có 21 phòng thí nghiệm bị đình chỉ hoặc hủy bỏ hiệu lực công nhận do không duy trì hệ thống quản lý hoặc tự nguyện xin rút.</p>
<h2>1. Phân bố theo lĩnh vực</h2>
<table>
<tr><th>Lĩnh vực công nhận</th><th>Số phòng thí nghiệm</th></tr>
<tr><td>Hóa học</td><td>612</td></tr>
<tr><td>Sinh học</td><td>388</td></tr>
<tr><td>Đo lường – Hiệu chuẩn</td><td>263</td></tr>
<tr><td>Cơ học</td><td>205</td></tr>
<tr><td>Điện – Điện tử</td><td>174</td></tr>
<tr><td>Tổng</td><td>1.642</td></tr>
</table>
<p>Ngoài ra, chương trình công nhận phòng xét nghiệm y tế theo ISO 15189 (VILAS Medical) đã có 236 phòng xét nghiệm được công nhận, tăng 31 phòng so với cuối năm 2023, chủ yếu là phòng xét nghiệm của các bệnh viện tuyến tỉnh.</p>
<h2>2. Năng lực đánh giá và thừa nhận quốc tế</h2>
<p>Đội ngũ của BoA hiện gồm 412 chuyên gia đánh giá, trong đó 86 chuyên gia đánh giá trưởng và 326 chuyên gia kỹ thuật đến từ các viện nghiên cứu, trường đại học và tổ chức thử nghiệm. Năm 2024, BoA tổ chức 7 khóa đào tạo chuyên gia đánh giá với 265 học viên.</p>
<p>BoA là thành viên ký kết Thỏa thuận thừa nhận lẫn nhau của Tổ chức Công nhận Châu Á – Thái Bình Dương (APAC) và Hiệp hội Công nhận Phòng thí nghiệm Quốc tế (ILAC). Tháng 9/2024, đoàn đánh giá đồng cấp của APAC gồm 5 chuyên gia đã đánh giá lại BoA tại Hà Nội và kết luận hệ thống công nhận của Việt Nam tiếp tục đáp ứng yêu cầu của ISO/IEC 17011, nhờ đó kết quả thử nghiệm của các phòng thí nghiệm VILAS được thừa nhận tại hơn 100 nền kinh tế.</p>
<h2>3. Công nhận tổ chức chứng nhận Halal</h2>
<p>Thực hiện Đề án tăng cường hợp tác quốc tế để xây dựng và phát triển ngành Halal Việt Nam, năm 2024 BoA đã công nhận 3 tổ chức chứng nhận Halal theo TCVN ISO/IEC 17065:2013 và tiêu chuẩn TCVN 12944:2020. Đây là những tổ chức chứng nhận Halal đầu tiên được công nhận theo chương trình của BoA, mở đường cho việc thừa nhận chứng chỉ Halal của Việt Nam tại các thị trường Hồi giáo.</p>
<h2>4. Định hướng năm 2025</h2>
<p>Năm 2025, BoA tập trung triển khai các nhiệm vụ sau:</p>
<ul>
<li>Triển khai chương trình công nhận tổ chức thẩm định và kiểm định khí nhà kính theo ISO 14065;</li>
<li>Số hóa toàn bộ quy trình nộp hồ sơ và đánh giá từ xa;</li>
<li>Mở rộng chương trình thử nghiệm thành thạo với 40 chương trình mới.</li>
</ul>
<p>Phó Giám đốc BoA Trần Thị Thanh Mai cho biết, mục tiêu đến năm 2030 là hệ thống VILAS có khoảng 2.500 phòng thí nghiệm được công nhận, đáp ứng nhu cầu thử nghiệm phục vụ quản lý nhà nước và xuất khẩu.</p>
<p class="small">© Văn phòng Công nhận Chất lượng (BoA) – Số 8 Hoàng Quốc Việt, Hà Nội – ĐT: 024 3791 1552 – Lượt xem: 715</p>
</body></html>
"""
)

P12 = (
    """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Kế hoạch hưởng ứng Ngày Tiêu chuẩn Thế giới 14/10/2024</title>"""
    + STYLE
    + """</head>
<body>
<table class="hdr"><tr>
<td>BỘ KHOA HỌC VÀ CÔNG NGHỆ<br><b>TỔNG CỤC TIÊU CHUẨN<br>ĐO LƯỜNG CHẤT LƯỢNG</b><br>Số: 1876/KH-TĐC</td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><br><i>Hà Nội, ngày 12 tháng 9 năm 2024</i></td>
</tr></table>
<h1>KẾ HOẠCH<br>Tổ chức các hoạt động hưởng ứng Ngày Tiêu chuẩn Thế giới 14/10/2024</h1>
<p>Căn cứ Luật Tiêu chuẩn và Quy chuẩn kỹ thuật; căn cứ Quyết định số 2167/QĐ-BKHCN ngày 28/10/2021 của Bộ trưởng Bộ Khoa học và Công nghệ phê duyệt Đề án nâng cao năng lực hệ thống tiêu chuẩn quốc gia đến năm 2030; Tổng cục Tiêu chuẩn Đo lường Chất lượng ban hành Kế hoạch tổ chức các hoạt động hưởng ứng Ngày Tiêu chuẩn Thế giới năm 2024 như sau:</p>
<h2>I. MỤC ĐÍCH, YÊU CẦU</h2>
<p>Nâng cao nhận thức của cơ quan quản lý, doanh nghiệp và người dân về vai trò của tiêu chuẩn đối với phát triển kinh tế – xã hội; hưởng ứng thông điệp năm 2024 của ba tổ chức ISO, IEC và ITU với chủ đề "Tầm nhìn chung vì một thế giới tốt đẹp hơn", tập trung vào Mục tiêu phát triển bền vững số 9 (SDG 9) về công nghiệp, đổi mới sáng tạo và cơ sở hạ tầng.</p>
<p>Các hoạt động phải được tổ chức thiết thực, tiết kiệm, có sự tham gia rộng rãi của các hiệp hội, doanh nghiệp và các ban kỹ thuật tiêu chuẩn quốc gia.</p>
<h2>II. TÌNH HÌNH HỆ THỐNG TIÊU CHUẨN QUỐC GIA</h2>
<p>Tính đến hết tháng 8/2024, hệ thống tiêu chuẩn quốc gia (TCVN) có 13.950 tiêu chuẩn, tỷ lệ hài hòa với tiêu chuẩn quốc tế và khu vực đạt khoảng 60%. Trong năm 2023, Bộ Khoa học và Công nghệ đã công bố 742 TCVN, trong đó có 518 TCVN được xây dựng trên cơ sở chấp nhận tiêu chuẩn quốc tế ISO, IEC. Hiện có 152 ban kỹ thuật tiêu chuẩn quốc gia đang hoạt động với gần 2.300 thành viên.</p>
<h2>III. NỘI DUNG HOẠT ĐỘNG</h2>
<p>1. Tổ chức Lễ kỷ niệm Ngày Tiêu chuẩn Thế giới vào sáng ngày 14/10/2024 tại Hà Nội, kết hợp Hội thảo "Tiêu chuẩn hóa vì phát triển bền vững" với dự kiến khoảng 300 đại biểu tham dự.</p>
<p>2. Phát động cuộc thi viết "Tiêu chuẩn trong đời sống" dành cho sinh viên các trường đại học khối kỹ thuật, thời gian nhận bài từ ngày 16/9 đến ngày 30/9/2024.</p>
<p>3. Truyền thông trên Tạp chí Tiêu chuẩn Đo lường Chất lượng, Cổng thông tin điện tử của Tổng cục và mạng xã hội; xuất bản ấn phẩm giới thiệu 50 TCVN tiêu biểu về chuyển đổi số và tăng trưởng xanh.</p>
<p>4. Miễn phí tra cứu toàn văn TCVN tại Thư viện Tiêu chuẩn của Trung tâm Thông tin – Truyền thông trong tuần lễ từ ngày 14/10 đến ngày 18/10/2024.</p>
<h2>IV. TỔ CHỨC THỰC HIỆN</h2>
<p>Vụ Tiêu chuẩn chủ trì, phối hợp với Viện Tiêu chuẩn Chất lượng Việt Nam (VSQI) và Văn phòng Tổng cục tổ chức Lễ kỷ niệm và Hội thảo. Trung tâm Thông tin – Truyền thông chịu trách nhiệm các hoạt động truyền thông và tra cứu miễn phí. Các đơn vị báo cáo kết quả thực hiện về Vụ Tiêu chuẩn trước ngày 30/10/2024 để tổng hợp, báo cáo Lãnh đạo Tổng cục.</p>
<p>Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách sự nghiệp khoa học và công nghệ năm 2024 đã giao cho các đơn vị.</p>
<table class="hdr"><tr><td style="text-align:left"><i>Nơi nhận:</i><br>- Bộ trưởng (để b/c);<br>- Các đơn vị thuộc Tổng cục;<br>- Lưu: VT, Vụ TC.</td>
<td><b>KT. TỔNG CỤC TRƯỞNG<br>PHÓ TỔNG CỤC TRƯỞNG</b><br><br><br><b>Lê Thị Ngọc Anh</b></td></tr></table>
</body></html>
"""
)

PDF_PAGES = [
    {
        "doc_id": "boa-cong-nhan-phong-thi-nghiem-vilas-2024",
        "html": P11,
        "title": "Tình hình công nhận phòng thí nghiệm theo ISO/IEC 17025 năm 2024",
        "date": "2025-02-10",
        "publisher": "Văn phòng Công nhận Chất lượng (BoA)",
        "author": "",
        "url": "https://boa.gov.vn/tin-tuc/tinh-hinh-cong-nhan-phong-thi-nghiem-nam-2024",
    },
    {
        "doc_id": "ke-hoach-ngay-tieu-chuan-the-gioi-2024",
        "html": P12,
        "title": "Kế hoạch tổ chức các hoạt động hưởng ứng Ngày Tiêu chuẩn Thế giới 14/10/2024",
        "date": "2024-09-12",
        "publisher": "Tổng cục Tiêu chuẩn Đo lường Chất lượng",
        "author": "",
        "url": "https://tcvn.gov.vn/van-ban/ke-hoach-1876-kh-tdc-ngay-tieu-chuan-the-gioi-2024.pdf",
    },
]
