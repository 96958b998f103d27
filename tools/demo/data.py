"""The facts of the article (shared/seeds), as data for the demo.

Source: "Dấu ấn phong trào thi đua đặc biệt", Trung tâm TTVH Móng Cái,
02/11/2023. Every figure below with a `total` is the article's city figure;
where the article says "trên"/"gần" (over/about) the round figure it gives is
used. What the article does not say (which month a figure fell in, how a city
total splits between units, who headed which bloc) is filled in by the
loader with a deterministic split and marked as a demo assumption there.
"""

import datetime as dt
from decimal import Decimal

PROVINCE = ("quang-ninh", "Tỉnh Quảng Ninh", "Quảng Ninh", "province", dt.date(1963, 10, 30))
# Móng Cái became a city (thành phố thuộc tỉnh) in 2008: "15 năm thành lập Thành phố" in 2023.
CITY = ("mong-cai", "Thành phố Móng Cái", "Móng Cái", "city", dt.date(2008, 9, 24))
# A second organiser since the 01/07/2025 reform: the ward that replaced Trần Phú, Hải
# Hòa, Bình Ngọc, Trà Cổ and Hải Xuân (issue 15). Found by its code, so the loader that
# records the reform (and its dates and predecessors) and this one make one unit.
WARD = ("phuong-mong-cai-1", "Phường Móng Cái 1", "Móng Cái 1", "ward", dt.date(2025, 7, 1))
UNITS_FROM = dt.date(2008, 9, 24)

# (order, code, name, [(unit code, unit name, kind), ...])
BLOCS = [
    (
        1,
        "xay-dung-dang",
        "Khối thi đua các Ban Xây dựng Đảng",
        [
            ("ban-tuyen-giao", "Ban Tuyên giáo Thành ủy", "party_board"),
            ("ban-to-chuc", "Ban Tổ chức Thành ủy", "party_board"),
            ("ban-dan-van", "Ban Dân vận Thành ủy", "party_board"),
            ("van-phong-thanh-uy", "Văn phòng Thành ủy", "party_board"),
        ],
    ),
    (
        2,
        "mttq-doan-the",
        "Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
        [
            ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố", "mass_org"),
            ("lien-doan-lao-dong", "Liên đoàn Lao động Thành phố", "mass_org"),
            ("doan-thanh-nien", "Đoàn Thanh niên Cộng sản Hồ Chí Minh Thành phố", "mass_org"),
            ("hoi-nong-dan", "Hội Nông dân Thành phố", "mass_org"),
            ("hoi-lhpn", "Hội Liên hiệp Phụ nữ Thành phố", "mass_org"),
            ("hoi-ccb", "Hội Cựu chiến binh Thành phố", "mass_org"),
        ],
    ),
    (
        3,
        "noi-chinh",
        "Khối thi đua Nội chính",
        [
            ("ban-chqs", "Ban Chỉ huy Quân sự Thành phố", "internal"),
            ("cong-an", "Công an Thành phố", "internal"),
            ("toa-an", "Tòa án Nhân dân Thành phố", "internal"),
            ("vien-kiem-sat", "Viện Kiểm sát Nhân dân Thành phố", "internal"),
            ("bien-phong", "Bộ đội Biên phòng trên địa bàn Thành phố", "internal"),
        ],
    ),
    (
        4,
        "phong-ban-tong-hop",
        "Khối thi đua các phòng, ban tổng hợp",
        [
            ("phong-noi-vu", "Phòng Nội vụ Thành phố", "department"),
            ("vp-hdnd-ubnd", "Văn phòng HĐND - UBND Thành phố", "department"),
            ("phong-tckh", "Phòng Tài chính - Kế hoạch Thành phố", "department"),
        ],
    ),
    (
        5,
        "hanh-chinh-su-nghiep",
        "Khối thi đua Hành chính sự nghiệp, sự nghiệp có thu",
        [
            ("bql-cho", "Ban quản lý Chợ Móng Cái", "public_service"),
            ("ban-qlda", "Ban Quản lý dự án đầu tư xây dựng Thành phố", "public_service"),
        ],
    ),
    (
        6,
        "van-hoa-xa-hoi",
        "Khối thi đua Văn hóa - Xã hội",
        [
            ("hoi-khuyen-hoc", "Hội Khuyến học Thành phố", "mass_org"),
            ("phong-gddt", "Phòng Giáo dục và Đào tạo Thành phố", "department"),
            ("trung-tam-y-te", "Trung tâm Y tế Thành phố", "public_service"),
            ("phong-ldtbxh", "Phòng Lao động - Thương binh và Xã hội Thành phố", "department"),
            ("trung-tam-ttvh", "Trung tâm Truyền thông và Văn hóa Thành phố", "public_service"),
        ],
    ),
    (
        7,
        "san-xuat-kinh-doanh",
        "Khối thi đua Sản xuất - Kinh doanh",
        [
            ("hai-quan", "Chi cục Hải quan cửa khẩu Móng Cái", "central_agency"),
            ("hiep-hoi-doanh-nghiep", "Hiệp hội Doanh nghiệp Thành phố", "enterprise"),
            ("dien-luc", "Điện lực Móng Cái", "enterprise"),
        ],
    ),
    (
        8,
        "xa-phuong",
        "Khối thi đua các xã, phường",
        [
            ("phuong-binh-ngoc", "Phường Bình Ngọc", "ward"),
            ("phuong-hai-hoa", "Phường Hải Hòa", "ward"),
            ("phuong-hai-yen", "Phường Hải Yên", "ward"),
            ("phuong-hoa-lac", "Phường Hòa Lạc", "ward"),
            ("phuong-ka-long", "Phường Ka Long", "ward"),
            ("phuong-ninh-duong", "Phường Ninh Dương", "ward"),
            ("phuong-tra-co", "Phường Trà Cổ", "ward"),
            ("phuong-tran-phu", "Phường Trần Phú", "ward"),
            ("xa-bac-son", "Xã Bắc Sơn", "commune"),
            ("xa-hai-dong", "Xã Hải Đông", "commune"),
            ("xa-hai-son", "Xã Hải Sơn", "commune"),
            ("xa-hai-tien", "Xã Hải Tiến", "commune"),
            ("xa-hai-xuan", "Xã Hải Xuân", "commune"),
            ("xa-quang-nghia", "Xã Quảng Nghĩa", "commune"),
            ("xa-van-ninh", "Xã Vạn Ninh", "commune"),
            ("xa-vinh-thuc", "Xã Vĩnh Thực", "commune"),
            ("xa-vinh-trung", "Xã Vĩnh Trung", "commune"),
        ],
    ),
]

CAMPAIGN = {
    "code": "thi-dua-dac-biet-60-nam-quang-ninh",
    "name": (
        "Phong trào thi đua đặc biệt chào mừng kỷ niệm 60 năm thành lập tỉnh Quảng Ninh "
        "(30/10/1963 – 30/10/2023)"
    ),
    "theme": (
        "Khát vọng xây dựng thành phố Móng Cái hội nhập, phát triển năng động, giàu đẹp, "
        "văn minh, hiện đại"
    ),
    "motto": "Đoàn kết - Quyết tâm - Quyết liệt - Đổi mới - Sáng tạo",
    "kind": "thematic",
    "launched_on": dt.date(2022, 10, 26),
    "starts_on": dt.date(2022, 10, 26),
    "ends_on": dt.date(2023, 10, 30),
}

CONTENTS = [
    "Thi đua triển khai thực hiện tốt “Nâng cao hiệu quả thu hút đầu tư”",
    "Thi đua phát triển dịch vụ, thương mại, logistic phấn đấu nâng cao chỉ số năng lực cạnh "
    "tranh của thành phố, nâng cao chỉ số hài lòng của người dân và doanh nghiệp",
    "Thi đua tập trung mọi nguồn lực xã hội để nâng cao hơn nữa chất lượng “đời sống Nhân dân”",
]

ALL_UNITS = "*"

# code, name, unit of measure, time aggregation, decimals, content number,
# article figure (city total), city target, target due date or None (campaign end),
# reporting units (codes, or ALL_UNITS), months in which it happened (None: every month).
INDICATORS = [
    (
        "CT01",
        "Cuộc học tập chính trị được tổ chức",
        "cuộc",
        "flow",
        0,
        3,
        Decimal("15"),
        Decimal("15"),
        None,
        ["ban-tuyen-giao"],
        None,
    ),
    (
        "CT02",
        "Lượt cán bộ, đảng viên, nhân dân tham gia học tập chính trị",
        "lượt",
        "flow",
        0,
        3,
        Decimal("9548"),
        Decimal("9548"),
        None,
        ALL_UNITS,
        None,
    ),
    (
        "KT01",
        "Thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng",
        "flow",
        0,
        1,
        Decimal("4000"),
        Decimal("3500"),
        None,
        ["phong-tckh"],
        None,
    ),
    (
        "KT02",
        "Thu ngân sách từ hoạt động xuất nhập khẩu (hải quan)",
        "tỷ đồng",
        "flow",
        0,
        2,
        Decimal("1200"),
        Decimal("1500"),
        None,
        ["hai-quan"],
        None,
    ),
    (
        "KT03",
        "Kế hoạch vốn đầu tư phát triển (đầu tư công)",
        "tỷ đồng",
        "stock",
        0,
        1,
        Decimal("850"),
        Decimal("850"),
        None,
        ["phong-tckh"],
        None,
    ),
    (
        "KT04",
        "Công trình, hạng mục đầu tư công được phân bổ vốn",
        "công trình",
        "stock",
        0,
        1,
        Decimal("114"),
        Decimal("114"),
        None,
        ["phong-tckh"],
        None,
    ),
    (
        "VH01",
        "Sự kiện, hoạt động giao lưu văn hóa, thể thao và du lịch",
        "sự kiện",
        "flow",
        0,
        3,
        Decimal("40"),
        Decimal("40"),
        None,
        ["trung-tam-ttvh"],
        None,
    ),
    (
        "VH02",
        "Học sinh được đáp ứng nhu cầu học tập",
        "học sinh",
        "stock",
        0,
        3,
        Decimal("30000"),
        Decimal("30000"),
        None,
        ["phong-gddt"],
        None,
    ),
    (
        "YT01",
        "Đợt ra quân hiến máu tình nguyện",
        "đợt",
        "flow",
        0,
        3,
        Decimal("2"),
        Decimal("2"),
        None,
        ["trung-tam-y-te"],
        [2, 8],
    ),
    (
        "YT02",
        "Đơn vị máu thu được",
        "đơn vị máu",
        "flow",
        0,
        3,
        Decimal("1120"),
        Decimal("1000"),
        None,
        ["trung-tam-y-te"],
        [2, 8],
    ),
    (
        "LD01",
        "Doanh nghiệp được hỗ trợ tuyển dụng lao động",
        "doanh nghiệp",
        "flow",
        0,
        3,
        Decimal("42"),
        Decimal("42"),
        None,
        ["phong-ldtbxh"],
        None,
    ),
    (
        "LD02",
        "Lao động được tuyển dụng qua hỗ trợ",
        "người",
        "flow",
        0,
        3,
        Decimal("825"),
        Decimal("825"),
        None,
        ["phong-ldtbxh"],
        None,
    ),
    (
        "DN01",
        "Doanh nghiệp thành lập mới",
        "doanh nghiệp",
        "flow",
        0,
        1,
        Decimal("180"),
        Decimal("150"),
        None,
        ["phong-tckh"],
        None,
    ),
    (
        "DN02",
        "Doanh nghiệp xuất nhập khẩu thu hút thêm",
        "doanh nghiệp",
        "flow",
        0,
        1,
        Decimal("467"),
        Decimal("500"),
        dt.date(2023, 12, 31),
        ["hai-quan"],
        None,
    ),
    (
        "DN03",
        "Doanh nghiệp làm thủ tục xuất nhập khẩu trên địa bàn",
        "doanh nghiệp",
        "stock",
        0,
        2,
        Decimal("883"),
        Decimal("883"),
        None,
        ["hai-quan"],
        None,
    ),
    (
        "TM01",
        "Trọng lượng hàng hóa xuất nhập khẩu",
        "tấn",
        "flow",
        0,
        2,
        Decimal("1000000"),
        Decimal("1000000"),
        None,
        ["hai-quan"],
        None,
    ),
    (
        "TM02",
        "Kim ngạch xuất nhập khẩu",
        "tỷ USD",
        "flow",
        2,
        2,
        Decimal("2.5"),
        Decimal("3"),
        None,
        ["hai-quan"],
        None,
    ),
    (
        "DL01",
        "Khách du lịch đến Thành phố",
        "lượt",
        "flow",
        0,
        2,
        Decimal("1900000"),
        Decimal("1500000"),
        None,
        ["trung-tam-ttvh"],
        None,
    ),
    (
        "TM03",
        "Tổng mức bán lẻ hàng hóa",
        "tỷ đồng",
        "flow",
        0,
        2,
        Decimal("6446"),
        Decimal("6000"),
        None,
        ["phong-tckh"],
        None,
    ),
    (
        "TM04",
        "Doanh thu vận tải, bốc xếp",
        "tỷ đồng",
        "flow",
        0,
        2,
        Decimal("285"),
        Decimal("285"),
        None,
        ["phong-tckh"],
        None,
    ),
]

DEDICATED_WORKS = [
    (
        "province",
        "Dự án cải tạo, nâng cấp đường tỉnh 341 (Quốc lộ 18C) từ Khu kinh tế cửa khẩu "
        "Móng Cái đến Khu kinh tế cửa khẩu Bắc Phong Sinh",
        None,
    ),
    (
        "city",
        "Đường ven biển liên kết Khu kinh tế Vân Đồn với Khu kinh tế cửa khẩu Móng Cái, "
        "đoạn từ Cầu Voi xã Vạn Ninh đến Tỉnh lộ 335 (giai đoạn 1)",
        "ban-qlda",
    ),
    ("city", "Cải tạo, chỉnh trang đô thị tuyến đại lộ Hòa Bình", "ban-qlda"),
    ("city", "Đường điện và trạm biến áp ra ngọn Hải đăng Vĩnh Thực", "ban-qlda"),
]

DEMO_PASSWORD = "MongCai@2023"
# The province's admin keeps the reference data of every organiser in the Django admin.
SUPERUSERS = {"admin"}

# username, full name, position, role, unit codes: a secretary's units, or the
# organisers a council member or an admin belongs to. The names are invented.
USERS = [
    # The accounts of before organisers belong to the former city's (the 2023 data)
    # and to the province's (the live campaign is the province's).
    (
        "admin",
        "Quản trị Sở Nội vụ",
        "Chuyên viên thi đua - khen thưởng, Sở Nội vụ tỉnh Quảng Ninh",
        "admin",
        [PROVINCE[0], CITY[0]],
    ),
    (
        "hoidong",
        "Thành viên Hội đồng",
        "Thành viên Hội đồng Thi đua - Khen thưởng tỉnh",
        "council",
        [PROVINCE[0], CITY[0]],
    ),
    (
        "admin.mongcai",
        "Quản trị Phòng Nội vụ thành phố",
        "Chuyên viên thi đua - khen thưởng, Phòng Nội vụ thành phố Móng Cái",
        "admin",
        [CITY[0]],
    ),
    (
        "hoidong.mongcai",
        "Thành viên Hội đồng thành phố",
        "Thành viên Hội đồng Thi đua - Khen thưởng Thành phố",
        "council",
        [CITY[0]],
    ),
    (
        "admin.mc1",
        "Quản trị phường Móng Cái 1",
        "Công chức Văn phòng HĐND và UBND phường Móng Cái 1",
        "admin",
        [WARD[0]],
    ),
    (
        "hoidong.mc1",
        "Thành viên Hội đồng phường Móng Cái 1",
        "Thành viên Hội đồng Thi đua - Khen thưởng phường Móng Cái 1",
        "council",
        [WARD[0]],
    ),
    (
        "thuky.kalong",
        "Thư ký Phường Ka Long",
        "Công chức Văn phòng - Thống kê",
        "secretary",
        ["phuong-ka-long"],
    ),
    (
        "thuky.haiyen",
        "Thư ký Phường Hải Yên",
        "Công chức Văn phòng - Thống kê",
        "secretary",
        ["phuong-hai-yen"],
    ),
    ("thuky.tckh", "Thư ký Phòng Tài chính - Kế hoạch", "Chuyên viên", "secretary", ["phong-tckh"]),
    ("thuky.haiquan", "Thư ký Chi cục Hải quan", "Công chức", "secretary", ["hai-quan"]),
]

# What each unit wrote as the highlights of its last report of the campaign: the
# article's sentences about it (demo assumption: which report carried them).
HIGHLIGHTS = {
    "ban-tuyen-giao": (
        "Tổ chức 15 cuộc học tập chính trị với 9.548 lượt cán bộ, đảng viên, nhân dân tham "
        "gia; đẩy mạnh phong trào thi đua thực hiện nhiệm vụ chính trị gắn với việc “Học tập "
        "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”."
    ),
    "ban-dan-van": "Nổi bật với phong trào “Dân vận khéo”.",
    "mttq": (
        "Phong trào “Vì người nghèo, không để ai bị bỏ lại phía sau”, “Móng Cái chung sức xây "
        "dựng nông thôn mới và chỉnh trang phát triển đô thị”."
    ),
    "cong-an": (
        "Phong trào “Vì an ninh Tổ quốc” với chủ đề “Chủ động, kỷ cương, trách nhiệm, hiệu "
        "quả” và “Xây dựng hình ảnh người chiến sĩ Công an Móng Cái đẹp hơn trong lòng dân”."
    ),
    "phong-tckh": (
        "Thực hiện “Nâng cao hiệu quả quản lý Nhà nước trong thực hiện công tác thu chi ngân "
        "sách”, góp phần đưa thu ngân sách lên trên 4 ngàn tỷ đồng."
    ),
    "bql-cho": (
        "Tập trung nhiều giải pháp hoàn thành xuất sắc nhiệm vụ của đơn vị sự nghiệp có thu."
    ),
    "trung-tam-y-te": (
        "Tổ chức 02 đợt Lễ ra quân hiến máu tình nguyện, thu 1.120 đơn vị máu, vượt chỉ tiêu "
        "Tỉnh giao; phong trào “Nâng cao y đức”."
    ),
    "hai-quan": (
        "Thu hút thêm 467 doanh nghiệp xuất nhập khẩu, nâng tổng số 883 doanh nghiệp làm thủ "
        "tục xuất nhập khẩu trên địa bàn; kim ngạch đạt gần 2,5 tỷ USD."
    ),
    "xa-hai-tien": (
        "Cán bộ, Nhân dân xã Hải Tiến đẩy mạnh phong trào vệ sinh môi trường, thi đua giành "
        "danh hiệu “Xã, phường, thị trấn văn minh”."
    ),
}
