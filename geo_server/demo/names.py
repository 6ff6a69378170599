"""Word lists for synthetic names. Road names are common Chinese road names, not real addresses."""

ROADS = (
    ("中山路", "Zhongshan Road"), ("人民路", "Renmin Road"), ("解放路", "Jiefang Road"), ("建设路", "Jianshe Road"),
    ("新港路", "Xingang Road"), ("环市路", "Huanshi Road"), ("东风路", "Dongfeng Road"), ("黄埔大道", "Huangpu Avenue"),
    ("天河路", "Tianhe Road"), ("江南大道", "Jiangnan Avenue"), ("工业大道", "Gongye Avenue"), ("广州大道", "Guangzhou Avenue"),
    ("沿江路", "Yanjiang Road"), ("花园路", "Huayuan Road"), ("迎宾路", "Yingbin Road"), ("兴华路", "Xinghua Road"),
    ("桥东路", "Qiaodong Road"), ("市桥路", "Shiqiao Road"), ("新城大道", "Xincheng Avenue"), ("凤凰路", "Fenghuang Road"),
    ("荔景路", "Lijing Road"), ("白云大道", "Baiyun Avenue"), ("云城路", "Yuncheng Road"), ("石井大道", "Shijing Avenue"),
    ("港前路", "Gangqian Road"), ("进港大道", "Jingang Avenue"), ("增城大道", "Zengcheng Avenue"), ("荔城路", "Licheng Road"),
    ("街口路", "Jiekou Road"), ("河滨路", "Hebin Road"), ("芙蓉大道", "Furong Avenue"), ("秀全大道", "Xiuquan Avenue"),
    ("科学大道", "Kexue Avenue"), ("开创大道", "Kaichuang Avenue"), ("大学城路", "Daxuecheng Road"), ("滨江路", "Binjiang Road"),
)

PLANT_PREFIXES = ("穗建", "粤华", "珠江", "南港", "增荔", "花城", "云山", "羊城", "越秀", "番禺", "黄埔", "从化")
PLANT_PREFIXES_EN = ("Suijian", "Yuehua", "Zhujiang", "Nangang", "Zengli", "Huacheng", "Yunshan", "Yangcheng",
                     "Yuexiu", "Panyu", "Huangpu", "Conghua")
CONTRACTORS = ("广州市第一建筑工程有限公司", "广州市第二建筑工程有限公司", "广东省建筑工程集团有限公司",
               "中建四局第六建筑工程有限公司", "广州珠江建设发展有限公司", "广东电白建设集团有限公司")
BANKS = ("中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "广州农村商业银行", "广州银行")
WATER_OWNERS = ("广州市水务局", "广州市水务投资集团有限公司", "区水务局", "广州市城市排水有限公司")
WATER_TYPES_ZH = {"embankment": "堤防加固", "pumping_station": "泵站", "sluice": "水闸", "pipe_network": "排水管网",
                  "treatment_plant": "污水处理厂"}
WATER_TYPES_EN = {"embankment": "embankment", "pumping_station": "pumping station", "sluice": "sluice",
                  "pipe_network": "drainage network", "treatment_plant": "wastewater plant"}
SITE_USES = (("住宅", "housing"), ("商业综合体", "mixed-use"), ("学校", "school"), ("产业园", "industrial park"),
             ("医院", "hospital"), ("安置房", "resettlement housing"))
