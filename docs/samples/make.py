"""Writes xiying-roster.xlsx: the roster of 西营镇人大代表联络站's 84 deputies, as the station
keeps it for its 牌匾 ("将84名代表的基本信息、服务范围制成牌匾", 人民论坛网 2022-08-10).

    pip install openpyxl && python3 make.py
    liaison import docs/samples/xiying-roster.xlsx --station jiaocheng/xiying --force

The article names only 孙建刚 (西营镇党委书记); the five after him are the sample content's
earlier placeholders, and the other 78 are plainly sample names (示例代表07 …). The town's
34 grids (网格) are shared out in turn.
"""
import openpyxl

HEADER = ["序号", "姓名", "性别", "代表层级", "职务", "所属联络站", "责任片区/村"]
STATION = "西营镇人大代表联络站"
KNOWN = [
    ("孙建刚", "男", "县人大代表", "西营镇党委书记", "西营村、西营镇第1网格"),
    ("王秀珍", "女", "镇人大代表", "村妇联主席（示例）", "西营镇第2网格"),
    ("李勇", "男", "县人大代表", "种植专业合作社理事长（示例）", "西营镇第3网格、西营镇第4网格"),
    ("张丽红", "女", "镇人大代表", "小学教师（示例）", "西营镇第5网格"),
    ("陈国强", "男", "镇人大代表", "个体运输户（示例）", "西营镇第6网格"),
    ("马晓燕", "女", "镇人大代表", "社区网格员（示例）", ""),
]
POSTS = ["村党支部书记", "村委会主任", "种植户", "教师", "乡村医生", "个体工商户", "合作社理事长", "网格员", "退休干部", "企业职工"]


def level(n):
    if n % 39 == 0:
        return "省人大代表、镇人大代表"
    if n % 13 == 0:
        return "市人大代表、县人大代表"
    if n % 4 == 0:
        return "县人大代表、镇人大代表"
    return "镇人大代表"


rows = [list(k) for k in KNOWN]
for n in range(len(KNOWN) + 1, 85):
    rows.append([f"示例代表{n:02d}", "男" if n % 2 else "女", level(n), f"{POSTS[n % len(POSTS)]}（示例）",
                 f"西营镇第{(n - 1) % 34 + 1}网格"])

book = openpyxl.Workbook()
sheet = book.active
sheet.title = "代表名册"
sheet.cell(row=1, column=1, value="西营镇人大代表基本信息及服务范围（示例）")
sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
for c, h in enumerate(HEADER, start=1):
    sheet.cell(row=2, column=c, value=h)
for r, (name, gender, lvl, post, area) in enumerate(rows, start=3):
    for c, value in enumerate([r - 2, name, gender, lvl, post, STATION, area], start=1):
        if value != "":
            sheet.cell(row=r, column=c, value=value)
book.save("xiying-roster.xlsx")
