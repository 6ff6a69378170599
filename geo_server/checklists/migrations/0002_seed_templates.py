"""Seed checklists for water projects per stage (水务工程巡检: 不同的检查阶段对应不同的核心通病条文),
buildings and construction sites.

The seed text says checklists follow the core common-defect clauses per stage but names no clause.
Every row here is therefore [D] (source "D"): the clause points at the numbered section of the
national standard that governs the check, as a starting point an administrator confirms against
the edition in force and edits in the admin. Stages of water projects are those of
WaterProjectDetail.stage. Severity is the hazard level a failed item raises (1 yellow, 2 orange, 3 red).
"""

from django.db import migrations

TEMPLATES = [
    ("water_project-foundation", "water_project", "foundation", "水务工程 基础阶段检查表", "Water project: foundation stage", [
        ("wp-fd-01", "基坑支护结构及降排水按专项方案实施，无明显变形、渗漏",
         "Pit support and dewatering follow the special scheme; no visible deformation or seepage", "JGJ 59-2011 3.11", 3),
        ("wp-fd-02", "地基处理及承载力检验结果满足设计要求",
         "Ground treatment and bearing-capacity tests meet the design", "GB 50202-2018 §4", 2),
        ("wp-fd-03", "沟槽开挖边坡、槽底高程符合施工方案，槽底无扰动、浸泡",
         "Trench slopes and bottom level follow the plan; trench bottom not disturbed or flooded", "GB 50268-2008 §4.3", 2),
        ("wp-fd-04", "基坑周边无超载堆放，临边防护到位",
         "No overloading near the pit edge; edge guarding in place", "JGJ 59-2011 3.13", 2),
    ]),
    ("water_project-main_structure", "water_project", "main_structure", "水务工程 主体结构阶段检查表",
     "Water project: main structure stage", [
        ("wp-ms-01", "钢筋进场按规定抽样复验力学性能和重量偏差",
         "Reinforcement sampled on arrival for mechanical properties and weight deviation", "GB 50204-2015 5.2.1", 2),
        ("wp-ms-02", "受力钢筋的牌号、规格和数量符合设计要求",
         "Grade, size and number of main bars as designed", "GB 50204-2015 5.5.1", 3),
        ("wp-ms-03", "混凝土强度等级符合设计要求，试件在浇筑地点随机抽取",
         "Concrete strength class as designed; specimens taken at random at the pour", "GB 50204-2015 7.4.1", 3),
        ("wp-ms-04", "现浇结构外观质量无严重缺陷（露筋、蜂窝、孔洞、裂缝）",
         "No serious defects in cast-in-place concrete (exposed bars, honeycombing, holes, cracks)",
         "GB 50204-2015 8.2.1", 2),
        ("wp-ms-05", "砌体的砖和砂浆强度等级符合设计要求",
         "Brick and mortar strength classes of masonry as designed", "GB 50203-2011 5.2.1", 2),
        ("wp-ms-06", "模板支架按专项方案搭设，立杆、扫地杆、剪刀撑齐全",
         "Formwork shoring as per scheme: standards, sweep rods and bracing complete", "JGJ 59-2011 3.12", 3),
    ]),
    ("water_project-installation", "water_project", "installation", "水务工程 安装阶段检查表",
     "Water project: installation stage", [
        ("wp-in-01", "压力管道水压试验合格并有记录",
         "Pressure pipeline hydrostatic test passed and recorded", "GB 50268-2008 9.2", 3),
        ("wp-in-02", "无压管道闭水试验合格", "Gravity pipeline leakage (closed-water) test passed",
         "GB 50268-2008 9.3", 2),
        ("wp-in-03", "水池等构筑物满水试验合格", "Water-retaining structures pass the water-filling test",
         "GB 50141-2008 9.2", 2),
        ("wp-in-04", "施工用电三级配电、两级漏电保护",
         "Site power: three-level distribution, two-level residual-current protection", "JGJ 59-2011 3.14", 3),
        ("wp-in-05", "水泵机组安装位置、标高和联轴器对中符合要求",
         "Pump set position, elevation and coupling alignment as required", "GB 50275-2010", 1),
    ]),
    ("water_project-completion", "water_project", "completion", "水务工程 竣工验收阶段检查表",
     "Water project: completion acceptance", [
        ("wp-cp-01", "分部工程质量验收合格，质量控制资料完整",
         "Sub-works accepted; quality control records complete", "GB 50300-2013 5.0.4", 2),
        ("wp-cp-02", "前期检查发现的问题均已整改闭环",
         "Every problem found earlier is rectified and closed", "GB 50300-2013 5.0.6", 2),
        ("wp-cp-03", "管道功能性试验、构筑物满水试验资料齐全",
         "Functional test records of pipelines and structures complete", "GB 50268-2008 §9", 1),
        ("wp-cp-04", "施工临时设施已拆除，场地清理完毕", "Temporary works removed and site cleared",
         "JGJ 59-2011 3.2", 1),
    ]),
    ("building-routine", "building", "", "房屋安全巡查表", "Building: routine safety inspection", [
        ("bd-rt-01", "承重墙、柱、梁无新增裂缝或明显变形",
         "No new cracks or visible deformation in load-bearing walls, columns and beams", "JGJ 125-2016", 3),
        ("bd-rt-02", "无擅自拆改承重结构、加层或改变使用功能",
         "No unauthorised removal of load-bearing parts, added storeys or change of use",
         "《建设工程质量管理条例》第十五条", 3),
        ("bd-rt-03", "钢筋混凝土构件无露筋锈蚀、保护层剥落",
         "No exposed corroded bars or spalled concrete cover", "JGJ 125-2016", 2),
        ("bd-rt-04", "玻璃幕墙面板无破损，结构胶、密封胶无老化开裂",
         "Curtain wall panes intact; structural and weather sealant not aged or cracked", "JGJ 102-2003", 2),
        ("bd-rt-05", "外墙饰面、阳台栏杆等无脱落隐患", "No risk of falling façade finish or balcony railings",
         "JGJ 125-2016", 2),
    ]),
    ("construction_site-safety", "construction_site", "", "施工现场安全检查表", "Construction site: safety inspection", [
        ("cs-sf-01", "安全生产责任制、专项施工方案齐全并经审批",
         "Safety responsibility system and approved special schemes in place", "JGJ 59-2011 3.1", 2),
        ("cs-sf-02", "围挡封闭、场地硬化、材料堆放整齐", "Site fenced, ground hardened, materials stacked",
         "JGJ 59-2011 3.2", 1),
        ("cs-sf-03", "脚手架立杆基础、连墙件、剪刀撑符合要求", "Scaffold foundations, wall ties and bracing as required",
         "JGJ 59-2011 3.3", 3),
        ("cs-sf-04", "基坑支护、降排水及监测符合方案", "Pit support, dewatering and monitoring as per scheme",
         "JGJ 59-2011 3.11", 3),
        ("cs-sf-05", "临边、洞口防护到位，高处作业人员系挂安全带",
         "Edges and openings guarded; workers at height wear harnesses", "JGJ 59-2011 3.13", 3),
        ("cs-sf-06", "施工用电三级配电两级保护，无私拉乱接",
         "Three-level distribution, two-level protection, no improvised wiring", "JGJ 59-2011 3.14", 2),
        ("cs-sf-07", "塔式起重机限位、保险装置齐全有效", "Tower crane limiters and safety devices present and working",
         "JGJ 59-2011 3.16", 3),
    ]),
]


def seed(apps, schema_editor):
    Template = apps.get_model("checklists", "ChecklistTemplate")
    Item = apps.get_model("checklists", "ChecklistItem")
    for code, kind, stage, name_zh, name_en, items in TEMPLATES:
        template, _ = Template.objects.update_or_create(code=code, defaults={
            "kind": kind, "stage": stage, "name_zh": name_zh, "name_en": name_en, "source": "D"})
        for order, (item_code, text_zh, text_en, clause, severity) in enumerate(items, start=1):
            Item.objects.update_or_create(code=item_code, defaults={
                "template": template, "order": order, "text_zh": text_zh, "text_en": text_en, "clause": clause,
                "severity": severity, "source": "D"})


class Migration(migrations.Migration):
    dependencies = [("checklists", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
