"""Kinds of organisation that carry out practices, per sector.

key -> (sector, actor noun, site noun, what it does (3rd person verb phrase), trade for
naming, allowed sizes or None for any).
"""

_S = ("small", "medium", "large")
_M = ("medium", "large")
_SM = ("micro", "small", "medium")

PROFILES = {
    # agriculture, forestry & fishing
    "dairy-farm": ("agriculture", "dairy farm", "dairy farm", "milks a herd of Holstein cows and grows its own grass and maize silage", "farm", ("micro", "small")),
    "arable-farm": ("agriculture", "arable farm", "arable farm", "grows wheat, sugar beet and rapeseed on rented and owned land", "farm", ("micro", "small")),
    "greenhouse": ("agriculture", "greenhouse grower", "greenhouse", "grows tomatoes, peppers and cucumbers under glass", "greenhouse", ("micro", "small", "medium")),
    "orchard": ("agriculture", "fruit grower", "orchard", "grows apples and pears and stores them in its own cold rooms", "farm", ("micro", "small")),
    "pig-farm": ("agriculture", "pig farm", "pig farm", "fattens pigs for a regional meat cooperative", "farm", ("micro", "small", "medium")),
    "fish-farm": ("agriculture", "fish farm", "fish farm", "raises trout and char in flow-through ponds", "fish", ("micro", "small")),
    "forestry": ("agriculture", "forestry contractor", "forestry yard", "harvests and thins forest stands for sawmills and energy buyers", "forest", ("micro", "small")),
    "agri-coop": ("agriculture", "farmers' cooperative", "cooperative store and drying plant", "dries, stores and markets grain for several hundred member farms", "coop", _S),
    "vegetable-farm": ("agriculture", "vegetable grower", "vegetable farm", "grows field vegetables for supermarkets and a local box scheme", "farm", ("micro", "small", "medium")),
    "citrus-olive": ("agriculture", "olive and citrus estate", "estate", "grows olives and citrus fruit on irrigated terraces", "farm", ("micro", "small")),
    # food & beverages
    "brewery": ("food-beverages", "brewery", "brewery", "brews lager, wheat beer and seasonal ales", "brew", None),
    "dairy": ("food-beverages", "dairy", "dairy plant", "turns milk from local farms into cheese, yoghurt and butter", "dairy", _S),
    "cheese": ("food-beverages", "cheese maker", "cheese dairy", "makes hard and semi-hard cheese from raw milk", "dairy", _SM),
    "bakery": ("food-beverages", "industrial bakery", "bakery", "bakes bread, rolls and pastries for supermarkets", "bakery", None),
    "meat": ("food-beverages", "meat processor", "meat processing plant", "slaughters pigs and cattle and makes sausages and cooked ham", "meat", _S),
    "veg-processor": ("food-beverages", "vegetable processor", "vegetable processing plant", "washes, blanches and freezes vegetables for retail and catering", "veg", _S),
    "winery": ("food-beverages", "winery", "winery", "presses, ferments and bottles wine from its own and contracted vineyards", "wine", ("micro", "small", "medium")),
    "coffee": ("food-beverages", "coffee roaster", "roastery", "roasts and packs coffee for cafés and retailers", "coffee", _SM),
    "confectionery": ("food-beverages", "confectionery maker", "confectionery plant", "makes chocolate, biscuits and seasonal sweets", "sweets", _S),
    "juice": ("food-beverages", "juice producer", "juice plant", "presses apples and other fruit into juice and cider", "juice", _SM),
    "potato": ("food-beverages", "potato processor", "potato processing plant", "makes chips, crisps and frozen potato products", "veg", _M),
    "distillery": ("food-beverages", "distillery", "distillery", "distils fruit brandies, gin and grain spirits", "spirits", _SM),
    "fish-processor": ("food-beverages", "fish processor", "fish processing plant", "fillets, smokes and packs salmon and herring", "fishproc", _S),
    "sugar": ("food-beverages", "sugar factory", "sugar factory", "processes sugar beet into white sugar during a three-month campaign", "sugar", ("large",)),
    # textiles
    "dyehouse": ("textiles", "dyehouse", "dyehouse", "dyes and finishes cotton and blended fabrics for fashion brands", "dye", _S),
    "weaving": ("textiles", "weaving mill", "weaving mill", "weaves upholstery and shirting fabrics", "textile", _S),
    "knitwear": ("textiles", "knitwear maker", "knitting plant", "knits and sews sweaters and sportswear", "textile", None),
    "garment": ("textiles", "garment maker", "garment factory", "cuts and sews workwear and uniforms", "garment", None),
    "tannery": ("textiles", "tannery", "tannery", "tans hides into leather for shoes and car interiors", "leather", _S),
    "tech-textile": ("textiles", "technical textiles maker", "technical textiles plant", "makes coated fabrics, filters and geotextiles", "textile", _S),
    "laundry": ("textiles", "industrial laundry", "laundry", "washes and rents out linen and workwear for hotels and hospitals", "laundry", _S),
    # wood, paper & furniture
    "sawmill": ("wood-paper", "sawmill", "sawmill", "saws spruce and pine logs into construction timber", "sawmill", _S),
    "furniture": ("wood-paper", "furniture maker", "furniture plant", "makes kitchen, office and hotel furniture", "furniture", None),
    "joinery": ("wood-paper", "joinery", "joinery workshop", "makes windows, doors and staircases to order", "joinery", ("micro", "small")),
    "paper-mill": ("wood-paper", "paper mill", "paper mill", "makes tissue and packaging papers from recovered fibre", "paper", _M),
    "corrugated": ("wood-paper", "corrugated packaging maker", "corrugated board plant", "converts paper into corrugated boxes and displays", "box", _S),
    "printing": ("wood-paper", "printing house", "print shop", "prints catalogues, labels and books", "print", None),
    "pallets": ("wood-paper", "pallet maker", "pallet yard", "makes and repairs wooden pallets", "pallet", ("micro", "small", "medium")),
    "panels": ("wood-paper", "wood panel maker", "particleboard plant", "presses particleboard and MDF panels for the furniture industry", "panel", _M),
    # chemicals & pharmaceuticals
    "specialty-chem": ("chemicals", "specialty chemicals maker", "chemical plant", "makes additives and intermediates for coatings and lubricants", "chem", _S),
    "pharma": ("chemicals", "pharmaceutical manufacturer", "pharmaceutical plant", "makes generic tablets and sterile injectables", "pharma", _M),
    "paints": ("chemicals", "paint maker", "paint factory", "makes decorative and industrial paints", "paint", _S),
    "cosmetics": ("chemicals", "cosmetics maker", "cosmetics plant", "makes creams, shampoos and private-label cosmetics", "cosmetics", None),
    "detergents": ("chemicals", "detergent maker", "detergent plant", "blends and bottles cleaning products for professional users", "chem", _S),
    "adhesives": ("chemicals", "adhesives maker", "adhesives plant", "makes hot-melt and water-based adhesives", "chem", _S),
    "fertiliser": ("chemicals", "fertiliser producer", "fertiliser plant", "makes nitrogen and compound fertilisers", "chem", ("large",)),
    # plastics & rubber
    "injection": ("plastics", "injection moulder", "moulding plant", "moulds technical parts for appliances and cars", "plast", None),
    "film": ("plastics", "film extruder", "film extrusion plant", "extrudes polyethylene film for packaging and agriculture", "plast", _S),
    "rubber": ("plastics", "rubber parts maker", "rubber plant", "mixes compounds and moulds seals, hoses and anti-vibration parts", "rubber", _S),
    "pipes": ("plastics", "pipe extruder", "pipe plant", "extrudes PE and PVC pipes for water and gas networks", "plast", _M),
    "thermoformer": ("plastics", "thermoformer", "thermoforming plant", "thermoforms trays and cups for food packaging", "plast", _S),
    "composites": ("plastics", "composites maker", "composites workshop", "makes glass-fibre parts for boats, vehicles and wind turbines", "composite", None),
    # metals
    "foundry": ("metals", "iron foundry", "foundry", "casts grey and ductile iron parts for pumps and machinery", "foundry", _S),
    "diecaster": ("metals", "aluminium die caster", "die-casting plant", "die-casts aluminium housings for the automotive industry", "foundry", _S),
    "fabricator": ("metals", "steel fabricator", "steel fabrication shop", "welds and assembles steel structures for buildings and bridges", "metal", None),
    "stamping": ("metals", "metal stamping company", "stamping plant", "presses and assembles sheet-metal parts", "metal", _S),
    "plating": ("metals", "surface treatment company", "electroplating shop", "zinc-plates, anodises and powder-coats parts for other manufacturers", "plating", ("micro", "small", "medium")),
    "forge": ("metals", "forging company", "forge", "forges crankshafts, flanges and hand tools", "forge", _S),
    "steelworks": ("metals", "steelworks", "steelworks", "melts scrap in an electric arc furnace and rolls long products", "steel", ("large",)),
    "wire": ("metals", "wire drawing company", "wire mill", "draws steel and copper wire for springs and cables", "metal", _S),
    # machinery & equipment
    "machine-builder": ("machinery", "machine builder", "machine-building plant", "designs and builds special-purpose machines", "machine", None),
    "pumps": ("machinery", "pump manufacturer", "pump factory", "makes centrifugal pumps for water and industry", "machine", _S),
    "agri-machinery": ("machinery", "agricultural machinery maker", "agricultural machinery plant", "builds tillage equipment, trailers and sprayers", "machine", _S),
    "cnc": ("machinery", "precision machining company", "machine shop", "mills and turns precision parts as a subcontractor", "machine", ("micro", "small", "medium")),
    "gearbox": ("machinery", "gearbox manufacturer", "gearbox plant", "makes industrial gearboxes and geared motors", "machine", _S),
    "hvac-maker": ("machinery", "ventilation equipment maker", "ventilation equipment plant", "builds air-handling units and heat recovery ventilators", "machine", _S),
    # electrical & electronic equipment
    "pcb": ("electronics", "circuit board maker", "PCB factory", "makes printed circuit boards (PCBs) for industrial electronics", "electro", _S),
    "ems": ("electronics", "electronics contract manufacturer", "electronics plant", "assembles printed circuit boards and control units for other brands", "electro", None),
    "cables": ("electronics", "cable maker", "cable plant", "makes power and data cables", "cable", _S),
    "switchgear": ("electronics", "switchgear builder", "switchgear plant", "builds low-voltage switchboards and control cabinets", "electro", None),
    "motors": ("electronics", "electric motor maker", "motor plant", "winds and assembles electric motors and generators", "electro", _S),
    "lighting-maker": ("electronics", "luminaire maker", "luminaire factory", "designs and assembles luminaires for shops and offices", "electro", None),
    "batteries": ("electronics", "battery pack assembler", "battery plant", "assembles lithium-ion battery packs for e-bikes and machines", "electro", _S),
    # automotive & transport equipment
    "auto-parts": ("automotive", "automotive supplier", "automotive parts plant", "makes brake components and seat frames for car makers", "auto", _S),
    "bus-builder": ("automotive", "bus builder", "bus factory", "builds city buses and coach bodies", "auto", _M),
    "bicycles": ("automotive", "bicycle maker", "bicycle factory", "assembles city bikes and e-bikes", "bike", None),
    "trailers": ("automotive", "trailer builder", "trailer plant", "builds semi-trailers and truck bodies", "auto", _S),
    "rail-parts": ("automotive", "rail vehicle supplier", "rail components plant", "makes bogie parts and interiors for trains and trams", "auto", _M),
    "boatyard": ("automotive", "boat builder", "boatyard", "builds and refits aluminium and composite workboats", "boat", ("micro", "small", "medium")),
    "car-workshop": ("automotive", "car dealership and workshop", "dealership", "sells, services and repairs cars and vans", "garage", ("micro", "small", "medium")),
    # construction & building materials
    "cement": ("construction", "cement works", "cement works", "burns clinker and grinds cement for the regional market", "cement", ("large",)),
    "precast": ("construction", "precast concrete maker", "precast plant", "casts concrete walls, beams and stairs for housing projects", "concrete", _S),
    "brickworks": ("construction", "brickworks", "brickworks", "fires clay bricks and roof tiles", "brick", _S),
    "contractor": ("construction", "construction company", "building site", "builds housing, schools and commercial buildings", "build", None),
    "glass": ("construction", "glass processor", "glass plant", "cuts, toughens and laminates flat glass and makes insulating glass units", "glass", _S),
    "readymix": ("construction", "ready-mix concrete supplier", "concrete plant", "supplies ready-mix concrete to building sites", "concrete", _S),
    "tiles": ("construction", "ceramic tile maker", "tile factory", "presses and fires porcelain floor and wall tiles", "tile", _M),
    "insulation": ("construction", "insulation maker", "insulation plant", "makes mineral wool and wood-fibre insulation boards", "build", _M),
    # energy & utilities
    "utility": ("energy", "municipal utility", "utility", "supplies electricity, gas, water and district heat to the town", "utility", _M),
    "district-heating": ("energy", "district heating company", "heating plant", "runs the town's district heating network", "heat", _S),
    "biogas-operator": ("energy", "biogas plant operator", "biogas plant", "runs an anaerobic digestion plant on farm and food residues", "biogas", ("small", "medium")),
    "water-utility": ("energy", "water utility", "waterworks", "supplies drinking water and treats wastewater for several municipalities", "water", _M),
    "hydro": ("energy", "small hydro operator", "hydropower station", "runs run-of-river hydropower stations", "energyco", ("micro", "small")),
    "wwtp": ("energy", "wastewater treatment operator", "wastewater treatment plant", "treats municipal and industrial wastewater", "water", _S),
    # waste management & recycling
    "waste-company": ("waste-recycling", "waste management company", "waste depot", "collects and sorts commercial and household waste", "waste", _S),
    "plastics-recycler": ("waste-recycling", "plastics recycler", "recycling plant", "washes and pelletises post-consumer plastics", "recycle", _S),
    "scrap": ("waste-recycling", "scrap metal dealer", "scrapyard", "buys, sorts and shears ferrous and non-ferrous scrap", "scrap", ("micro", "small", "medium")),
    "composting": ("waste-recycling", "composting company", "composting site", "composts green waste and food waste for gardeners and farms", "compost", ("micro", "small", "medium")),
    "ewaste": ("waste-recycling", "e-waste recycler", "e-waste plant", "dismantles and recycles electrical and electronic equipment", "recycle", _S),
    "cd-recycler": ("waste-recycling", "construction waste recycler", "recycling yard", "crushes and screens demolition waste into recycled aggregate", "recycle", _S),
    "textile-sorter": ("waste-recycling", "textile sorting company", "sorting centre", "collects and sorts used clothing and textiles", "recycle", _S),
    # transport & logistics
    "haulier": ("logistics", "road haulier", "truck depot", "runs trucks for general and refrigerated freight", "haul", None),
    "warehouse": ("logistics", "logistics service provider", "distribution warehouse", "runs contract warehousing and distribution for retailers", "logistics", _S),
    "courier": ("logistics", "parcel courier", "parcel depot", "delivers parcels to homes and businesses", "courier", _S),
    "cold-chain": ("logistics", "cold-chain logistics company", "cold store", "stores and distributes chilled and frozen food", "logistics", _S),
    "bus-operator": ("logistics", "bus operator", "bus depot", "runs regional bus and school transport services", "bus", _S),
    "port": ("logistics", "port terminal operator", "port terminal", "handles containers and bulk cargo", "port", _M),
    "forwarder": ("logistics", "freight forwarder", "cross-dock terminal", "organises groupage, rail and road freight across Europe", "logistics", _S),
    # wholesale & retail
    "supermarket": ("retail", "supermarket chain", "supermarket", "runs supermarkets and a central distribution centre", "retail", _M),
    "grocer": ("retail", "independent grocer", "grocery store", "runs a neighbourhood food store with a bakery counter", "shop", ("micro", "small")),
    "diy": ("retail", "DIY retailer", "DIY store", "sells building materials, tools and garden products", "retail", _S),
    "wholesaler": ("retail", "food wholesaler", "cash-and-carry warehouse", "supplies restaurants and shops from a cash-and-carry depot", "wholesale", _S),
    "fashion-retail": ("retail", "fashion retailer", "clothing store", "sells clothing and shoes in town-centre shops and online", "retail", None),
    "furniture-retail": ("retail", "furniture retailer", "furniture store", "sells furniture and home textiles", "retail", _S),
    # hospitality & tourism
    "hotel": ("hospitality", "hotel", "hotel", "runs a city hotel with conference rooms and a restaurant", "hotel", _S),
    "resort": ("hospitality", "resort hotel", "resort", "runs a holiday resort with pools, spa and restaurants", "resort", _M),
    "campsite": ("hospitality", "campsite", "campsite", "runs a campsite with mobile homes, a pool and a shop", "camping", ("micro", "small")),
    "restaurant": ("hospitality", "restaurant", "restaurant", "runs a restaurant and catering kitchen", "restaurant", ("micro", "small")),
    "ski": ("hospitality", "ski area operator", "ski area", "runs lifts, snowmaking and mountain restaurants", "ski", _S),
    "spa-hotel": ("hospitality", "spa hotel", "spa hotel", "runs a family-owned hotel with an indoor pool and sauna area", "hotel", ("small", "medium")),
    # offices & business services
    "consultancy": ("offices", "engineering consultancy", "office building", "provides engineering and planning services", "office", None),
    "data-centre": ("offices", "data centre operator", "data centre", "runs colocation and cloud data centres", "data", _S),
    "software": ("offices", "software company", "office", "develops business software", "software", None),
    "bank": ("offices", "regional bank", "head office", "runs a regional bank with a network of branches", "bank", _M),
    "municipality": ("offices", "municipal administration", "town hall", "provides public services for the town and surrounding villages", "town", _S),
    "coworking": ("offices", "co-working operator", "co-working building", "rents desks, offices and meeting rooms", "office", ("micro", "small")),
    # healthcare
    "hospital": ("healthcare", "hospital", "hospital", "treats inpatients and outpatients across its clinical departments", "hospital", _M),
    "care-home": ("healthcare", "care home operator", "care home", "runs residential care homes for older people", "care", ("small", "medium")),
    "rehab": ("healthcare", "rehabilitation clinic", "rehabilitation clinic", "provides orthopaedic and cardiac rehabilitation", "clinic", ("small", "medium")),
    "dental": ("healthcare", "dental practice", "dental practice", "provides general and specialist dentistry", "dental", ("micro", "small")),
    "lab": ("healthcare", "medical laboratory", "laboratory", "runs clinical tests for hospitals and doctors", "lab", _S),
    "medtech": ("healthcare", "medical device maker", "medical device plant", "makes single-use medical devices and surgical instruments", "medtech", _S),
}

SECTOR_PROFILES: dict[str, list[str]] = {}
for _k, _p in PROFILES.items():
    SECTOR_PROFILES.setdefault(_p[0], []).append(_k)

# Regional cluster topics per sector, used in "a workshop of the ... cluster".
CLUSTER_TOPIC = {
    "agriculture": ["agri-food", "bioeconomy"], "food-beverages": ["food", "agri-food"], "textiles": ["textile", "fashion and textile"],
    "wood-paper": ["wood", "forest-based industries", "furniture"], "chemicals": ["chemistry", "life sciences"], "plastics": ["plastics", "polymer"],
    "metals": ["metalworking", "materials"], "machinery": ["mechatronics", "mechanical engineering"], "electronics": ["electronics", "mechatronics"],
    "automotive": ["automotive", "mobility"], "construction": ["construction", "building materials"], "energy": ["energy", "cleantech"],
    "waste-recycling": ["circular economy", "environmental technology"], "logistics": ["logistics", "mobility"], "retail": ["retail", "consumer goods"],
    "hospitality": ["tourism", "hospitality"], "offices": ["digital", "cleantech"], "healthcare": ["health", "medical technology"],
}
