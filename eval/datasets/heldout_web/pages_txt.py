"""Four synthetic pages 'copied from a browser' as plain text. Invented content."""

from __future__ import annotations

T7 = """Đồng Nai: Kiểm tra chất lượng hàng hóa tại chợ Biên Hòa dịp Tết Ất Tỵ 2025
Thứ năm, 16/01/2025 10:42
Tin tức - Sự kiện
(SKHCN Đồng Nai) - Trong hai ngày 14 và 15/01/2025, Đoàn kiểm tra liên ngành của Chi cục Tiêu chuẩn Đo lường Chất lượng Đồng Nai đã kiểm tra chất lượng hàng hóa, nhãn hàng hóa và đo lường tại chợ Biên Hòa và chợ Tân Hiệp, thành phố Biên Hòa.

Đoàn kiểm tra được thành lập theo Quyết định số 08/QĐ-TĐC ngày 06/01/2025 của Chi cục trưởng Chi cục Tiêu chuẩn Đo lường Chất lượng Đồng Nai, do ông Trần Văn Lực, Phó Chi cục trưởng làm trưởng đoàn, với thành phần gồm đại diện Đội Quản lý thị trường số 1 và Ban quản lý các chợ.

Trong đợt kiểm tra, đoàn đã làm việc với 46 cơ sở kinh doanh các nhóm hàng được tiêu thụ nhiều dịp Tết như bánh kẹo, mứt, đồ chơi trẻ em, mũ bảo hiểm cho người đi mô tô, xe máy, đèn trang trí và thiết bị điện gia dụng. Nội dung kiểm tra gồm: việc thể hiện nhãn hàng hóa, dấu hợp quy (CR) đối với hàng hóa nhóm 2, hóa đơn chứng từ chứng minh nguồn gốc hàng hóa và việc sử dụng cân trong mua bán.

Kết quả kiểm tra cho thấy:
- 5 cơ sở kinh doanh bánh kẹo, mứt không ghi đủ nội dung bắt buộc trên nhãn như hạn sử dụng, tên và địa chỉ tổ chức chịu trách nhiệm về hàng hóa;
- 3 cơ sở kinh doanh đồ chơi trẻ em bày bán sản phẩm không có dấu hợp quy CR;
- 11 chiếc cân trong tổng số 138 cân được kiểm tra có sai số vượt quá giới hạn cho phép.

Đoàn đã lấy 6 mẫu mũ bảo hiểm và 4 mẫu đồ chơi trẻ em gửi Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 3 (Quatest 3) để thử nghiệm các chỉ tiêu an toàn theo quy chuẩn kỹ thuật quốc gia. Kết quả thử nghiệm sẽ được thông báo sau khoảng 15 ngày làm việc.

Đối với các trường hợp vi phạm, đoàn đã lập biên bản, yêu cầu các cơ sở tạm ngừng bán hàng hóa vi phạm và chuyển hồ sơ đến cơ quan có thẩm quyền xử lý theo quy định. Riêng các cân sai số, đoàn yêu cầu chủ hộ kinh doanh ngừng sử dụng và niêm phong tại chỗ.

Theo ông Trần Văn Lực, so với đợt kiểm tra dịp Tết Quý Mão 2023, tỷ lệ cân không đạt yêu cầu đã giảm rõ rệt, từ 14% xuống còn khoảng 8%. Nguyên nhân chủ yếu là hiện nay tại chợ Biên Hòa và chợ Tân Hiệp đã bố trí 3 trạm cân đối chứng để người dân tự kiểm tra lại khối lượng hàng hóa đã mua. Tuy nhiên, tình trạng hàng hóa không rõ nguồn gốc, đặc biệt là đồ chơi trẻ em nhập khẩu tiểu ngạch, vẫn còn phức tạp.

Chi cục khuyến cáo người tiêu dùng nên lựa chọn mua hàng hóa có nhãn đầy đủ bằng tiếng Việt, có dấu hợp quy CR đối với mũ bảo hiểm và đồ chơi trẻ em, và sử dụng trạm cân đối chứng khi nghi ngờ bị cân thiếu. Khi phát hiện dấu hiệu gian lận, người dân có thể phản ánh qua đường dây nóng 0251.3822.541.

Kế hoạch năm 2025, Chi cục sẽ triển khai 4 đợt kiểm tra chất lượng hàng hóa lưu thông trên thị trường, tập trung vào xăng dầu, phân bón, vàng trang sức và thiết bị điện, điện tử.

Minh Tâm

Lượt xem: 1.234
Chia sẻ
In bài viết
Bài viết liên quan
Đồng Nai tăng cường kiểm tra đo lường xăng dầu cuối năm
Hội nghị triển khai công tác tiêu chuẩn đo lường chất lượng năm 2025
Cảnh báo mũ bảo hiểm giả nhãn hiệu trên thị trường
Về đầu trang
"""

T8 = """Hội thảo "Truy xuất nguồn gốc nông sản: Từ quy định đến thực tiễn" tại Cần Thơ
Thứ ba, 26/09/2023 15:30
Ngày 25/9/2023, tại thành phố Cần Thơ, Trung tâm Mã số Mã vạch Quốc gia phối hợp với Sở Khoa học và Công nghệ thành phố Cần Thơ tổ chức Hội thảo "Truy xuất nguồn gốc nông sản: Từ quy định đến thực tiễn". Hội thảo thu hút khoảng 210 đại biểu là đại diện các sở, ngành của 13 tỉnh, thành phố khu vực Đồng bằng sông Cửu Long, hợp tác xã và doanh nghiệp xuất khẩu nông sản.

Hội thảo nằm trong chuỗi hoạt động thực hiện Đề án triển khai, áp dụng và quản lý hệ thống truy xuất nguồn gốc (Đề án 100) được Thủ tướng Chính phủ phê duyệt tại Quyết định số 100/QĐ-TTg ngày 19/01/2019. Mục tiêu của Đề án là đến năm 2025, 80% doanh nghiệp sản xuất, kinh doanh sản phẩm hàng hóa thuộc các nhóm sản phẩm quy định áp dụng hệ thống truy xuất nguồn gốc.

Phát biểu khai mạc, ông Võ Thành Công, Phó Giám đốc Sở Khoa học và Công nghệ Cần Thơ nhấn mạnh, truy xuất nguồn gốc không còn là lựa chọn mà đã trở thành yêu cầu bắt buộc của nhiều thị trường nhập khẩu khó tính như Liên minh châu Âu (EU), Hoa Kỳ và Nhật Bản. Đặc biệt, từ cuối năm 2024, Quy định chống phá rừng của EU (EUDR) yêu cầu nhà xuất khẩu cà phê, cao su, gỗ phải chứng minh được tọa độ vùng trồng.

Tại hội thảo, đại diện Trung tâm Mã số Mã vạch Quốc gia đã giới thiệu hệ thống tiêu chuẩn quốc gia về truy xuất nguồn gốc, trong đó TCVN 12850:2019 quy định các yêu cầu chung đối với hệ thống truy xuất nguồn gốc, và TCVN 13274:2020 hướng dẫn định dạng vật mang dữ liệu. Đến tháng 8/2023, Cổng thông tin truy xuất nguồn gốc sản phẩm hàng hóa quốc gia đã có 1.386 doanh nghiệp tham gia với 9.240 sản phẩm được cập nhật thông tin.

Các tham luận tại hội thảo tập trung vào 3 nội dung chính:
1. Kinh nghiệm truy xuất nguồn gốc gạo ST25 của Hợp tác xã Nông nghiệp Mỹ Xuyên (Sóc Trăng);
2. Mô hình mã vùng trồng xoài xuất khẩu tại huyện Cao Lãnh (Đồng Tháp);
3. Ứng dụng công nghệ chuỗi khối (blockchain) trong truy xuất thủy sản của Công ty Cổ phần Thủy sản Sông Hậu Xanh.

Theo bà Nguyễn Thị Kim Ngân, Giám đốc Hợp tác xã Nông nghiệp Mỹ Xuyên, sau 2 năm áp dụng tem truy xuất nguồn gốc, giá bán gạo ST25 của hợp tác xã tăng khoảng 12% và đơn hàng xuất khẩu sang Úc tăng gấp đôi. Mỗi bao gạo được gắn một mã QR riêng, cho phép người mua xem thông tin về giống, ngày gieo sạ, ngày thu hoạch và đơn vị xay xát.

Tuy nhiên, các đại biểu cũng chỉ ra nhiều khó khăn: chi phí đầu tư hệ thống còn cao so với quy mô hộ sản xuất nhỏ; dữ liệu giữa các nền tảng truy xuất chưa kết nối được với nhau; nhận thức của người sản xuất còn hạn chế. Hiện nay, cả nước có hơn 40 nền tảng truy xuất nguồn gốc do doanh nghiệp tư nhân cung cấp, nhưng phần lớn chưa áp dụng tiêu chuẩn chung.

Kết thúc hội thảo, Trung tâm Mã số Mã vạch Quốc gia ghi nhận 3 kiến nghị chính: sớm ban hành quy định về kết nối dữ liệu giữa các nền tảng với Cổng thông tin quốc gia; có cơ chế hỗ trợ chi phí cho hợp tác xã áp dụng truy xuất nguồn gốc; và tăng cường đào tạo cán bộ địa phương về tiêu chuẩn truy xuất nguồn gốc. Dịp này, Trung tâm đã ký biên bản ghi nhớ với Sở Khoa học và Công nghệ Cần Thơ về hỗ trợ 50 hợp tác xã áp dụng truy xuất nguồn gốc trong giai đoạn 2023–2025.

Nguồn: Trung tâm Mã số Mã vạch Quốc gia
Lượt xem: 987
Chia sẻ: Facebook | Zalo | Email
Bài viết liên quan
- Hướng dẫn áp dụng TCVN về truy xuất nguồn gốc cho hợp tác xã
- Truy xuất nguồn gốc: chìa khóa để nông sản Việt vào thị trường EU
- Tập huấn mã số mã vạch cho doanh nghiệp tỉnh Hậu Giang
Bình luận (0)
Gửi bình luận
"""

T9 = """Quatest 3 khai giảng khóa đào tạo kiểm định viên đồng hồ nước lạnh
Thứ hai, 04/03/2024 08:05
Trang chủ > Tin tức > Đào tạo
Sáng 04/3/2024, tại TP. Hồ Chí Minh, Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 3 (Quatest 3) khai giảng khóa đào tạo kiểm định viên đo lường đối với đồng hồ nước lạnh có cơ cấu điện tử và cơ cấu cơ khí.

Khóa đào tạo diễn ra từ ngày 04/3 đến ngày 15/3/2024, với 38 học viên đến từ 14 tỉnh, thành phố phía Nam, trong đó có 21 học viên là cán bộ kỹ thuật của 9 công ty cấp nước. Đây là khóa đào tạo thứ hai về đồng hồ nước do Quatest 3 tổ chức theo ủy quyền của Tổng cục Tiêu chuẩn Đo lường Chất lượng; khóa thứ nhất được tổ chức vào tháng 10/2023 với 31 học viên, trong đó 29 học viên đạt yêu cầu.

Theo ThS. Lê Hoàng Nam, Trưởng phòng Đo lường Dung tích – Lưu lượng của Quatest 3, chương trình gồm 40 tiết lý thuyết và 48 tiết thực hành. Học viên được trang bị kiến thức về pháp luật đo lường, đặc tính kỹ thuật đo lường của đồng hồ nước, quy trình kiểm định theo văn bản kỹ thuật đo lường Việt Nam ĐLVN 17:2017 và thực hành trên dàn kiểm định đồng hồ nước DN15 – DN50 của Trung tâm.

Đồng hồ nước lạnh dùng trong mua bán, thanh toán thuộc danh mục phương tiện đo nhóm 2 phải kiểm định ban đầu trước khi đưa vào sử dụng và kiểm định định kỳ với chu kỳ 5 năm. Hiện cả nước có khoảng 22 triệu đồng hồ nước đang được sử dụng, trong khi lực lượng kiểm định viên còn mỏng, đặc biệt tại các địa phương vùng sâu, vùng xa.

Kết thúc khóa học, học viên sẽ tham dự kỳ kiểm tra lý thuyết và thực hành vào ngày 15/3/2024. Những học viên đạt yêu cầu sẽ được Quatest 3 cấp chứng chỉ đào tạo, làm căn cứ để tổ chức kiểm định đề nghị cơ quan có thẩm quyền cấp thẻ kiểm định viên đo lường.

Phát biểu khai giảng, ông Phạm Quốc Thịnh, Phó Giám đốc Quatest 3 cho biết, năm 2023 Trung tâm đã kiểm định khoảng 185.000 đồng hồ nước các loại, chủ yếu cho các công ty cấp nước tại TP. Hồ Chí Minh, Bình Dương và Long An. Năm 2024, Quatest 3 dự kiến tổ chức thêm 2 khóa đào tạo kiểm định viên đối với cột đo xăng dầu và đồng hồ đo khí dầu mỏ hóa lỏng.

Các nội dung chính của khóa học:
• Pháp luật về đo lường và trách nhiệm của kiểm định viên;
• Cấu tạo, nguyên lý hoạt động của đồng hồ nước;
• Quy trình kiểm định ĐLVN 17:2017;
• Xử lý kết quả, đánh giá sai số và lập biên bản kiểm định.

PV

Lượt xem: 642
Chia sẻ Facebook | Tweet | In trang
Tags: đào tạo, kiểm định viên, đồng hồ nước, Quatest 3
Bài viết liên quan
› Quatest 3 được chỉ định kiểm định đồng hồ đo điện 3 pha
› Hội thảo đo lường lưu lượng chất lỏng năm 2023
› Thông báo tuyển sinh khóa đào tạo kiểm định viên cân ô tô
© 2024 Quatest 3. Bảo lưu mọi quyền.
"""

T10 = """Văn phòng TBT Việt Nam: Năm 2023 xử lý hơn 4.000 thông báo của các nước thành viên WTO
Thứ sáu, 19/01/2024 14:20
Năm 2023, Văn phòng Thông báo và Hỏi đáp quốc gia về Tiêu chuẩn Đo lường Chất lượng (Văn phòng TBT Việt Nam) đã tiếp nhận, xử lý 4.068 thông báo của các nước thành viên Tổ chức Thương mại Thế giới (WTO) về các biện pháp hàng rào kỹ thuật trong thương mại, tăng khoảng 7% so với năm 2022.

Thông tin được nêu tại Hội nghị tổng kết hoạt động của Mạng lưới TBT Việt Nam năm 2023 tổ chức ngày 18/01/2024 tại Hà Nội. Hiện Mạng lưới TBT Việt Nam gồm Văn phòng TBT Việt Nam, 13 điểm TBT của các bộ, ngành và 63 điểm TBT của các tỉnh, thành phố trực thuộc Trung ương.

Theo báo cáo, các thành viên WTO ban hành nhiều thông báo nhất trong năm 2023 là Hoa Kỳ (498 thông báo), Uganda (356 thông báo) và Brazil (248 thông báo). Các lĩnh vực được thông báo nhiều nhất là thực phẩm, đồ uống; thiết bị điện – điện tử; hóa chất và mỹ phẩm.

Về phía Việt Nam, năm 2023 các cơ quan quản lý đã thông báo 62 dự thảo văn bản quy phạm pháp luật, quy chuẩn kỹ thuật và thủ tục đánh giá sự phù hợp tới Ban Thư ký WTO, so với 48 thông báo của năm 2022. Bộ Công Thương và Bộ Nông nghiệp và Phát triển nông thôn là hai bộ có nhiều thông báo nhất.

Bà Ngô Thị Thu Hương, Giám đốc Văn phòng TBT Việt Nam cho biết, trong năm qua Văn phòng đã trả lời 215 câu hỏi của doanh nghiệp và hiệp hội về yêu cầu kỹ thuật của thị trường xuất khẩu, đồng thời gửi 1.120 bản tin cảnh báo đến các doanh nghiệp đăng ký nhận thông tin qua Hệ thống cảnh báo TBT. Những cảnh báo quan trọng liên quan đến quy định mới của EU về pin và pin thải, quy định về ghi nhãn thực phẩm của Hàn Quốc và yêu cầu hiệu suất năng lượng đối với điều hòa không khí của Ả Rập Xê Út.

Ngoài ra, Văn phòng TBT Việt Nam đã tham gia 3 phiên họp của Ủy ban TBT/WTO tại Geneva (Thụy Sĩ) và nêu 4 mối quan ngại thương mại cụ thể (STC) liên quan đến biện pháp của các nước thành viên có ảnh hưởng tới hàng xuất khẩu của Việt Nam. Việc thực thi các cam kết TBT trong Hiệp định CPTPP, EVFTA và RCEP tiếp tục được theo dõi, rà soát định kỳ.

Năm 2024, Văn phòng TBT Việt Nam đặt mục tiêu nâng cấp Hệ thống cảnh báo TBT, tích hợp công cụ dịch tự động các thông báo sang tiếng Việt và mở rộng số doanh nghiệp nhận cảnh báo lên 5.000 doanh nghiệp. Văn phòng cũng sẽ phối hợp với các điểm TBT địa phương tổ chức 6 hội thảo phổ biến về hàng rào kỹ thuật tại các tỉnh có kim ngạch xuất khẩu lớn.

Văn phòng TBT Việt Nam đặt tại trụ sở Tổng cục Tiêu chuẩn Đo lường Chất lượng, số 8 Hoàng Quốc Việt, Cầu Giấy, Hà Nội, là đầu mối quốc gia thực hiện nghĩa vụ minh bạch hóa theo Hiệp định TBT của WTO từ khi Việt Nam gia nhập tổ chức này năm 2007.

Thanh Bình
Lượt xem: 2.310
Chia sẻ
Lưu tin
Bài viết liên quan
Cảnh báo TBT tháng 12/2023: EU siết quy định về bao bì
Hỏi đáp TBT: Yêu cầu ghi nhãn năng lượng tại thị trường Hoa Kỳ
Kết quả hoạt động Mạng lưới TBT năm 2022
"""

TXT_PAGES = [
    {
        "doc_id": "dong-nai-kiem-tra-hang-hoa-cho-bien-hoa-tet-2025",
        "text": T7,
        "title": "Đồng Nai: Kiểm tra chất lượng hàng hóa tại chợ Biên Hòa dịp Tết Ất Tỵ 2025",
        "date": "2025-01-16",
        "publisher": "Sở Khoa học và Công nghệ Đồng Nai",
        "author": "Minh Tâm",
        "url": "https://skhcn.dongnai.gov.vn/tin-tuc/kiem-tra-chat-luong-hang-hoa-tai-cho-bien-hoa-dip-tet-at-ty-2025",
    },
    {
        "doc_id": "hoi-thao-truy-xuat-nguon-goc-nong-san-can-tho-2023",
        "text": T8,
        "title": 'Hội thảo "Truy xuất nguồn gốc nông sản: Từ quy định đến thực tiễn" tại Cần Thơ',
        "date": "2023-09-26",
        "publisher": "Trung tâm Mã số Mã vạch Quốc gia",
        "author": "",
        "url": "https://gs1.gov.vn/tin-tuc/hoi-thao-truy-xuat-nguon-goc-nong-san-tai-can-tho.html",
    },
    {
        "doc_id": "quatest-3-dao-tao-kiem-dinh-vien-dong-ho-nuoc-2024",
        "text": T9,
        "title": "Quatest 3 khai giảng khóa đào tạo kiểm định viên đồng hồ nước lạnh",
        "date": "2024-03-04",
        "publisher": "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 3 (Quatest 3)",
        "author": "PV",
        "url": "https://quatest3.com.vn/tin-tuc/khai-giang-khoa-dao-tao-kiem-dinh-vien-dong-ho-nuoc-lanh",
    },
    {
        "doc_id": "van-phong-tbt-viet-nam-tong-ket-2023",
        "text": T10,
        "title": "Văn phòng TBT Việt Nam: Năm 2023 xử lý hơn 4.000 thông báo của các nước thành viên WTO",
        "date": "2024-01-19",
        "publisher": "Văn phòng TBT Việt Nam",
        "author": "Thanh Bình",
        "url": "https://tbtvn.org/tin-tuc/nam-2023-xu-ly-hon-4000-thong-bao.html",
    },
]
