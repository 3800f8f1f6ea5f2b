/**
 * World Manufacturer Identifiers (VIN positions 1–3) → company and brand.
 *
 * Compiled from the SAE/NHTSA WMI assignments (manufacturers' Part 565 submissions as published through NHTSA
 * vPIC) and the makers' own VIN decoding guides. Each row is [manufacturer, make, WMIs]: `manufacturer` is the
 * company that builds the vehicle under that WMI (named by its current group name, e.g. "Stellantis" for
 * Chrysler/FCA), `make` the consumer brand, or null when one WMI is used for several brands and nothing in
 * the VIN tells them apart. WMIs shared by several brands where the VIN does tell them apart are listed under
 * their usual brand here and refined in make-rules.ts.
 *
 * Small manufacturers (fewer than 1,000 vehicles a year) share a WMI whose third character is '9'; they are
 * told apart by positions 12–14 and are listed in SMALL_MANUFACTURERS under the six characters.
 */

export type WmiRow = readonly [manufacturer: string, make: string | null, wmis: string];

const GM = "General Motors";
const FORD = "Ford Motor Company";
const STELLANTIS = "Stellantis";
const TOYOTA = "Toyota";
const HONDA = "Honda";
const NISSAN = "Nissan";
const HYUNDAI = "Hyundai Motor Company";
const KIA = "Kia";
const VW = "Volkswagen";
const BMW = "BMW";
const MERCEDES = "Mercedes-Benz";

export const WMI_ROWS: readonly WmiRow[] = [
  // General Motors — United States, Canada, Mexico, Korea, China, Europe, Australia
  [GM, "Chevrolet", "1G1 1GC 1GN 1GB 1GA 2G1 2GN 2GC 2CN 2C1 3G1 3GN 3GC KL1 KL7 KL8 6G3"],
  [GM, "GMC", "1GT 1GK 1GD 1GJ 2GT 2GK 2CT 3GT 3GK"],
  [GM, "Buick", "1G4 2G4 3G5 5GA KL4 LRB W04"],
  [GM, "Cadillac", "1G6 1GY 1GE 3GY LRE W06"],
  [GM, "Pontiac", "1G2 1GM 2G2 2CK 3G2 3G7 KL2 5Y2 6G2"],
  [GM, "Oldsmobile", "1G3 1GH 2G3"],
  [GM, "Saturn", "1G8 5GZ 3GS W08"],
  [GM, "Hummer", "5GR 5GT"],
  [GM, "Holden", "6H8"],
  [GM, "Saab", "5S3 3G0"],
  [GM, "Isuzu", "1GG 4NU"],
  [GM, "Daewoo", "KLA"],
  [GM, "Suzuki", "KL5"],
  ["SAIC-GM", null, "LSG"],
  ["GM Holden", null, "6G1"],
  ["AM General", "Hummer", "137"],
  ["NUMMI (GM/Toyota joint venture)", "Chevrolet", "1Y1"],
  ["NUMMI (GM/Toyota joint venture)", "Toyota", "1NX"],

  // Ford — incl. Lincoln, Mercury, and Fords built by partners
  [FORD, "Ford", "1FA 1FB 1FC 1FD 1FM 1FT 1ZV 2FA 2FD 2FM 2FT 3FA 3FM 3FT"],
  [FORD, "Ford", "NM0 WF0 SFA VS6 MAJ MNB 8AF 9BF AFA LVS"],
  ["Ford Australia", "Ford", "6FP"],
  [FORD, "Lincoln", "1LN 1L1 2LM 2LN 3LN 5LM 5LT"],
  [FORD, "Mercury", "1ME 1ZW 2ME 2MR 3ME 4M2"],
  [FORD, "Merkur", "WF1"],
  [FORD, "Mazda", "4F2 4F4"],
  [FORD, "Nissan", "4N2"],
  ["AutoAlliance International (Ford/Mazda)", "Mazda", "1YV"],
  ["Kia", "Ford", "KNJ"],

  // Stellantis — Chrysler, Dodge, Jeep, Ram, Plymouth, Eagle, Fiat, Alfa Romeo, Maserati, Peugeot, Citroën…
  [STELLANTIS, "Chrysler", "1A4 1A8 1C3 1C4 1C8 2A4 2A8 2C3 2C4 2C8 3A4 3A8 3C3 3C4 3C8"],
  [STELLANTIS, "Dodge", "1B3 1B4 1B6 1B7 1B8 1D3 1D4 1D7 1D8 2B3 2B4 2B5 2B6 2B7 2B8 2D3 2D4 2D6 2D7 2D8"],
  [STELLANTIS, "Dodge", "3B3 3B4 3B6 3B7 3D3 3D4 3D6 3D7"],
  [STELLANTIS, "Jeep", "1J4 1J7 1J8 1JC 1JT 988 ZAC"],
  [STELLANTIS, "Ram", "1C6 3C6 3C7"],
  [STELLANTIS, "Plymouth", "1P3 1P4 1P7 2P3 2P4 3P3"],
  [STELLANTIS, "Eagle", "2E3"],
  [STELLANTIS, "Fiat", "ZFA ZFB 9BD 8AP SUF"],
  [STELLANTIS, "Alfa Romeo", "ZAR ZAS"],
  [STELLANTIS, "Lancia", "ZLA"],
  [STELLANTIS, "Maserati", "ZAM ZN6"],
  [STELLANTIS, "Peugeot", "VF3 VR3 VS3 8AD 936"],
  [STELLANTIS, "Citroën", "VF7 VR7 VS7 935 8BC"],
  [STELLANTIS, "DS", "VR1"],
  [STELLANTIS, "Opel/Vauxhall", "VXK"],
  [STELLANTIS, "Volkswagen", "2V4 2V8"],
  ["Opel", "Opel/Vauxhall", "W0L W0V"],
  ["American Motors", "AMC", "1AM 1AC 2CM"],

  // Toyota — incl. Lexus and Scion
  [TOYOTA, "Toyota", "JT2 JT3 JT4 JT5 JTD JTE JTM JTN 2T1 2T3 4T1 4T3 4T4 4TA 5TB 5TD 5TE 5TF 5YF"],
  [TOYOTA, "Toyota", "3TM 3TY 7SV SB1 VNK NMT AHT MR0 8AJ 9BR LVG LFM LTV 6T1 YAR"],
  [TOYOTA, "Lexus", "JTH JTJ JT6 JT8 2T2 58A"],
  [TOYOTA, "Scion", "JTK JTL"],
  ["Mazda Toyota Manufacturing", "Toyota", "7MU"],
  ["Mazda Toyota Manufacturing", "Mazda", "7MM"],
  ["Magna Steyr", "Toyota", "WZ1"],

  // Honda — incl. Acura
  [HONDA, "Honda", "JHM JHL 1HG 19X 2HG 2HK 2HJ 3HG 3CZ 5FN 5FP 5J6 5KB 7FA SHH SHS LUC LHG MRH MHR NLA 93H"],
  [HONDA, "Honda", "JH2 1HF 478"],
  [HONDA, "Acura", "JH4 19U 19V 2HH 2HN 5FR 5J8"],

  // Nissan — incl. Infiniti
  [NISSAN, "Nissan", "JN1 JN6 JN8 1N4 1N6 5N1 3N1 3N6 3N8 SJN VSK VWA MDH MNT 94D"],
  [NISSAN, "Infiniti", "JNK JNR JNX 5N3 SJK 3PC"],
  [NISSAN, "Suzuki", "5Z6"],
  ["UD Trucks", "UD", "JNA JNE JPB JPE"],
  ["Renault Korea", "Renault Samsung", "KNM"],

  // Mazda, Subaru, Mitsubishi, Suzuki, Isuzu, Daihatsu
  ["Mazda", "Mazda", "JM1 JM2 JM3 JMZ JC2 3MZ 3MD 3MV MM0 MM8 PE3"],
  ["Mazda", "Toyota", "3MY"],
  ["Mazda", "Fiat", "JC1"],
  ["Subaru", "Subaru", "JF1 JF2 JF3 4S3 4S4"],
  ["Subaru", "Saab", "JF4"],
  ["Subaru of Indiana Automotive", "Isuzu", "4S1 4S2"],
  ["Subaru of Indiana Automotive", "Honda", "4S6"],
  ["Mitsubishi Motors", "Mitsubishi", "JA3 JA4 JA7 JMB JMY 4A3 4A4 ML3 MMB MMC MMT XMC 6MM"],
  ["Mitsubishi Motors", "Dodge", "JB3 JB4 JB7 4B3"],
  ["Mitsubishi Motors", "Plymouth", "JP3 JP4 JP7 4P3"],
  ["Mitsubishi Motors", "Eagle", "JE3 4E3"],
  ["Mitsubishi Motors", "Chrysler", "4C3"],
  ["Mitsubishi Fuso", "Mitsubishi Fuso", "JL6 JL7 TYB"],
  ["Suzuki", "Suzuki", "JS1 JS2 JS3 JS4 JSA 2S2 2S3 TSM"],
  ["Maruti Suzuki", "Maruti Suzuki", "MA3"],
  ["Suzuki", "Chevrolet", "JG1"],
  ["Isuzu", "Isuzu", "JAA JAB JAC JAL"],
  ["Isuzu", "Acura", "JAE"],
  ["Daihatsu", "Daihatsu", "JDA JD1 JD2"],

  // Hyundai Motor Group
  [HYUNDAI, "Hyundai", "KMH KM8 KMF KMJ 5NP 5NM 5NT 2HM TMA NLH MAL 9BH LBE 95P"],
  [HYUNDAI, "Genesis", "KMT KMU"],
  [KIA, "Kia", "KNA KNC KND KNE 5XX 5XY 3KP U5Y U6Y LJD"],

  // Volkswagen Group
  [VW, "Volkswagen", "WVW WVG WV1 WV2 WV3 1VW 1V1 1V2 3VW 3VV 9BW AAV 8AW XW8 VWV"],
  ["FAW-Volkswagen", null, "LFV"],
  ["SAIC Volkswagen", null, "LSV"],
  ["Audi", "Audi", "WAU WA1 WUA WU1 TRU"],
  ["Porsche", "Porsche", "WP0 WP1"],
  ["Lamborghini", "Lamborghini", "ZHW ZPB"],
  ["Bentley Motors", "Bentley", "SCB SJA"],
  ["SEAT", "SEAT", "VSS"],
  ["Skoda", "Skoda", "TMB"],

  // BMW Group
  [BMW, "BMW", "WBA WBS WBX WBY WB1 WB5 4US 5UX 5UM 5YM 3MW 3MF LBV"],
  [BMW, "Mini", "WMW WMZ"],
  ["Rolls-Royce Motor Cars", "Rolls-Royce", "SCA SLA"],
  ["Alpina", "Alpina", "WAP"],

  // Mercedes-Benz
  [MERCEDES, "Mercedes-Benz", "WDB WDC WDD WDF W1H W1K W1N W1V W1W W1Y W2W W2Y WD3 WD4"],
  [MERCEDES, "Mercedes-Benz", "4JG 55S 8BR 8BT 8BU 9BM VSA"],
  [MERCEDES, "Smart", "WME TCC"],
  [MERCEDES, "Dodge", "WD0 WD2 WD5"],
  [MERCEDES, "Freightliner", "WDY"],

  // Volvo, Polestar, Saab, Koenigsegg (Sweden)
  ["Volvo Cars", "Volvo", "YV1 YV4 LVY LYV 7JR"],
  ["Polestar", "Polestar", "LPS YSM YSR"],
  ["Volvo Group", "Volvo", "YV2 YV3 4V1 4V3 4V4 4V6 4VA 4VD 4VG 4VJ"],
  ["Saab Automobile", "Saab", "YS3 YK1"],
  ["Scania", "Scania", "YS2 YS4 9BS"],

  // United Kingdom
  ["Jaguar Land Rover", "Jaguar", "SAJ SAD"],
  ["Jaguar Land Rover", "Land Rover", "SAL"],
  ["Rover Group", "Rover", "SAR SAX"],
  ["Aston Martin", "Aston Martin", "SCF SD7"],
  ["McLaren Automotive", "McLaren", "SBM"],
  ["Lotus Cars", "Lotus", "SCC"],
  ["DeLorean Motor Company", "DeLorean", "SCE"],
  ["INEOS Automotive", "INEOS", "SC6 SH7"],
  ["Triumph Motorcycles", "Triumph", "SMT"],
  ["SAIC Motor", "MG", "LSJ"],

  // Italy
  ["Ferrari", "Ferrari", "ZFF ZSG"],
  ["Ducati", "Ducati", "ZDM"],
  ["Piaggio", "Aprilia", "ZD4"],
  ["Piaggio", "Moto Guzzi", "ZGU"],
  ["Piaggio", "Piaggio", "ZAP"],
  ["Iveco", "Iveco", "ZCF"],

  // France
  ["Renault", "Renault", "VF1 VF2 VNV VS5 X7L 8A1 93Y 9FB"],
  ["Renault", "Dacia", "UU1"],

  // Russia and elsewhere in Europe
  ["AvtoVAZ", "Lada", "XTA"],
  ["Zastava", "Yugo", "VX1"],
  ["KTM", "KTM", "VBK"],
  ["MAN Truck & Bus", "MAN", "WMA"],
  ["DAF Trucks", "DAF", "XLR"],

  // Electric vehicle makers
  ["Tesla", "Tesla", "5YJ 7SA 7G2 LRW XP7 SFZ"],
  ["Rivian", "Rivian", "7FC 7PD"],
  ["Lucid Motors", "Lucid", "50E"],
  ["Fisker", "Fisker", "VCF 514 YH4"],
  ["Karma Automotive", "Karma", "50G"],
  ["VinFast", "VinFast", "RLL"],
  ["Lordstown Motors", "Lordstown", "7NY"],

  // Other Asia
  ["SsangYong (KG Mobility)", "SsangYong", "KPT KPS"],
  ["Mahindra & Mahindra", "Mahindra", "MA1"],
  ["Tata Motors", "Tata", "MAT"],
  ["Proton", "Proton", "PL1"],
  ["BYD", "BYD", "LGX LC0"],
  ["Geely", "Geely", "L6T"],
  ["Great Wall Motor", "Great Wall", "LGW"],
  ["Chery", "Chery", "LVV"],
  ["Kawasaki", "Kawasaki", "JKA JKB"],
  ["Yamaha", "Yamaha", "JYA JY4"],
  ["Royal Enfield", "Royal Enfield", "ME3"],
  ["Bajaj Auto", "Bajaj", "MD2 92T"],
  ["Dafra Motos", "Dafra", "95V"],

  // Motorcycles and heavy trucks (United States)
  ["Harley-Davidson", "Harley-Davidson", "1HD 5HD 932"],
  ["Polaris", "Indian", "56K"],
  ["Daimler Truck", "Freightliner", "1FU 1FV 3AK 3AL"],
  ["Daimler Truck", "Western Star", "5KJ 5KK 2WK"],
  ["PACCAR", "Kenworth", "1XK 2XK 1NK 3WK"],
  ["PACCAR", "Peterbilt", "1XP 2XP 1NP 3WP"],
  ["Mack Trucks", "Mack", "1M1 1M2"],
  ["Navistar", "International", "1HT 1HS 2HS 3HS 3HA"],
  ["Hino Motors", "Hino", "5PV 7H4 JHA JH7"],
  ["Blue Bird", "Blue Bird", "1BA 1BB 1BC"],
];

/** Small manufacturers: WMI with '9' in position 3 + positions 12–14 → [manufacturer, make]. */
export const SMALL_MANUFACTURERS: ReadonlyArray<readonly [string, string, string]> = [
  ["YT9007", "Koenigsegg Automotive", "Koenigsegg"],
  ["ZA9A12", "Lamborghini", "Lamborghini"],
  ["ZA9F76", "Pagani Automobili", "Pagani"],
  ["ZA9D39", "Bugatti Automobili", "Bugatti"],
  ["VF9795", "Bugatti Automobiles", "Bugatti"],
  ["XL9363", "Spyker Cars", "Spyker"],
  ["XL9486", "Spyker Cars", "Spyker"],
  ["SA9004", "Morgan Motor Company", "Morgan"],
  ["SA9A11", "Morgan Motor Company", "Morgan"],
  ["SA9J00", "Morgan Motor Company", "Morgan"],
  ["W09R06", "RUF Automobile", "RUF"],
  ["1S9944", "SSC North America", "SSC"],
  ["1S9842", "Saleen", "Saleen"],
  ["1P9213", "Panoz Auto Development", "Panoz"],
  ["4C9561", "Czinger Vehicles", "Czinger"],
];

/**
 * Two-character families where every WMI belongs to one company: an unlisted WMI there still names the
 * manufacturer (the make stays unknown and the unknown_wmi warning still applies).
 */
export const MANUFACTURER_FAMILIES: ReadonlyArray<readonly [string, string]> = [
  ["JT", TOYOTA],
  ["JM", "Mazda"],
  ["JF", "Subaru"],
  ["KM", HYUNDAI],
  ["WP", "Porsche"],
];
