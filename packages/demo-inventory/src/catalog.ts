import type { BodyStyle, ColorFamily, Drivetrain, FuelType, Transmission } from "@forecourt/domain";

/** A model line as a dealer lot sees it: real WMIs, trims, plausible new prices in USD. */
export interface CatalogModel {
  make: string;
  model: string;
  wmis: string[];
  bodyStyle: BodyStyle;
  trims: string[];
  drivetrains: Drivetrain[];
  fuel: FuelType;
  transmission: Transmission;
  engines: string[];
  /** Typical new price (USD) of the base trim. */
  basePrice: number;
  /** Years this model line was sold, inclusive. */
  years: [number, number];
}

export const CATALOG: CatalogModel[] = [
  { make: "Ford", model: "F-150", wmis: ["1FT"], bodyStyle: "truck", trims: ["XL", "XLT", "Lariat", "King Ranch", "Platinum"], drivetrains: ["4wd", "rwd"], fuel: "gasoline", transmission: "automatic", engines: ["3.5L V6 EcoBoost", "5.0L V8", "2.7L V6 EcoBoost"], basePrice: 38000, years: [2012, 2026] },
  { make: "Ford", model: "Escape", wmis: ["1FM"], bodyStyle: "suv", trims: ["S", "SE", "SEL", "Titanium"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["1.5L I3 EcoBoost", "2.0L I4 EcoBoost"], basePrice: 29000, years: [2013, 2026] },
  { make: "Ford", model: "Mustang", wmis: ["1FA"], bodyStyle: "coupe", trims: ["EcoBoost", "GT", "Mach 1"], drivetrains: ["rwd"], fuel: "gasoline", transmission: "manual", engines: ["2.3L I4 EcoBoost", "5.0L V8"], basePrice: 32000, years: [2012, 2026] },
  { make: "Chevrolet", model: "Silverado 1500", wmis: ["1GC", "3GC"], bodyStyle: "truck", trims: ["WT", "Custom", "LT", "RST", "LTZ", "High Country"], drivetrains: ["4wd", "rwd"], fuel: "gasoline", transmission: "automatic", engines: ["5.3L V8", "2.7L I4 Turbo", "6.2L V8"], basePrice: 37000, years: [2012, 2026] },
  { make: "Chevrolet", model: "Equinox", wmis: ["2GN", "3GN"], bodyStyle: "suv", trims: ["LS", "LT", "Premier"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["1.5L I4 Turbo"], basePrice: 28000, years: [2012, 2026] },
  { make: "Chevrolet", model: "Malibu", wmis: ["1G1"], bodyStyle: "sedan", trims: ["LS", "RS", "LT", "Premier"], drivetrains: ["fwd"], fuel: "gasoline", transmission: "cvt", engines: ["1.5L I4 Turbo", "2.0L I4 Turbo"], basePrice: 25000, years: [2012, 2024] },
  { make: "Toyota", model: "Camry", wmis: ["4T1", "JTN"], bodyStyle: "sedan", trims: ["LE", "SE", "XLE", "XSE", "TRD"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["2.5L I4", "3.5L V6"], basePrice: 27000, years: [2012, 2026] },
  { make: "Toyota", model: "RAV4", wmis: ["2T3", "JTM"], bodyStyle: "suv", trims: ["LE", "XLE", "XLE Premium", "Adventure", "Limited"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["2.5L I4"], basePrice: 29000, years: [2013, 2026] },
  { make: "Toyota", model: "RAV4 Hybrid", wmis: ["JTM", "2T3"], bodyStyle: "suv", trims: ["LE", "XLE", "SE", "XSE", "Limited"], drivetrains: ["awd"], fuel: "hybrid", transmission: "cvt", engines: ["2.5L I4 Hybrid"], basePrice: 32000, years: [2016, 2026] },
  { make: "Toyota", model: "Tacoma", wmis: ["3TM", "5TF"], bodyStyle: "truck", trims: ["SR", "SR5", "TRD Sport", "TRD Off-Road", "Limited"], drivetrains: ["4wd", "rwd"], fuel: "gasoline", transmission: "automatic", engines: ["3.5L V6", "2.4L I4 Turbo"], basePrice: 32000, years: [2012, 2026] },
  { make: "Toyota", model: "Highlander", wmis: ["5TD"], bodyStyle: "suv", trims: ["L", "LE", "XLE", "Limited", "Platinum"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["3.5L V6", "2.4L I4 Turbo"], basePrice: 38000, years: [2012, 2026] },
  { make: "Toyota", model: "Sienna", wmis: ["5TD"], bodyStyle: "minivan", trims: ["LE", "XLE", "XSE", "Limited"], drivetrains: ["fwd", "awd"], fuel: "hybrid", transmission: "cvt", engines: ["2.5L I4 Hybrid"], basePrice: 39000, years: [2021, 2026] },
  { make: "Honda", model: "Civic", wmis: ["2HG", "19X"], bodyStyle: "sedan", trims: ["LX", "Sport", "EX", "Touring", "Si"], drivetrains: ["fwd"], fuel: "gasoline", transmission: "cvt", engines: ["2.0L I4", "1.5L I4 Turbo"], basePrice: 24000, years: [2012, 2026] },
  { make: "Honda", model: "Accord", wmis: ["1HG"], bodyStyle: "sedan", trims: ["LX", "Sport", "EX-L", "Touring"], drivetrains: ["fwd"], fuel: "gasoline", transmission: "cvt", engines: ["1.5L I4 Turbo", "2.0L I4 Turbo"], basePrice: 28000, years: [2012, 2026] },
  { make: "Honda", model: "CR-V", wmis: ["2HK", "5J6", "7FA"], bodyStyle: "suv", trims: ["LX", "EX", "EX-L", "Touring"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "cvt", engines: ["1.5L I4 Turbo", "2.4L I4"], basePrice: 30000, years: [2012, 2026] },
  { make: "Honda", model: "Odyssey", wmis: ["5FN"], bodyStyle: "minivan", trims: ["EX", "EX-L", "Touring", "Elite"], drivetrains: ["fwd"], fuel: "gasoline", transmission: "automatic", engines: ["3.5L V6"], basePrice: 38000, years: [2012, 2026] },
  { make: "Nissan", model: "Rogue", wmis: ["5N1", "JN8"], bodyStyle: "suv", trims: ["S", "SV", "SL", "Platinum"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "cvt", engines: ["2.5L I4", "1.5L I3 Turbo"], basePrice: 29000, years: [2014, 2026] },
  { make: "Nissan", model: "Altima", wmis: ["1N4"], bodyStyle: "sedan", trims: ["S", "SV", "SR", "SL"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "cvt", engines: ["2.5L I4"], basePrice: 26000, years: [2012, 2026] },
  { make: "Jeep", model: "Wrangler", wmis: ["1C4"], bodyStyle: "suv", trims: ["Sport", "Sahara", "Rubicon"], drivetrains: ["4wd"], fuel: "gasoline", transmission: "automatic", engines: ["3.6L V6", "2.0L I4 Turbo"], basePrice: 34000, years: [2012, 2026] },
  { make: "Jeep", model: "Grand Cherokee", wmis: ["1C4"], bodyStyle: "suv", trims: ["Laredo", "Limited", "Overland", "Summit"], drivetrains: ["4wd", "rwd"], fuel: "gasoline", transmission: "automatic", engines: ["3.6L V6", "5.7L V8"], basePrice: 40000, years: [2012, 2026] },
  { make: "Ram", model: "1500", wmis: ["1C6", "3C6"], bodyStyle: "truck", trims: ["Tradesman", "Big Horn", "Laramie", "Rebel", "Limited"], drivetrains: ["4wd", "rwd"], fuel: "gasoline", transmission: "automatic", engines: ["5.7L V8 HEMI", "3.6L V6"], basePrice: 39000, years: [2012, 2026] },
  { make: "Hyundai", model: "Tucson", wmis: ["KM8", "5NM"], bodyStyle: "suv", trims: ["SE", "SEL", "N Line", "Limited"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["2.5L I4"], basePrice: 28000, years: [2012, 2026] },
  { make: "Hyundai", model: "Elantra", wmis: ["5NP", "KMH"], bodyStyle: "sedan", trims: ["SE", "SEL", "Limited", "N Line"], drivetrains: ["fwd"], fuel: "gasoline", transmission: "cvt", engines: ["2.0L I4"], basePrice: 22000, years: [2012, 2026] },
  { make: "Kia", model: "Telluride", wmis: ["5XY"], bodyStyle: "suv", trims: ["LX", "S", "EX", "SX"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["3.8L V6"], basePrice: 37000, years: [2020, 2026] },
  { make: "Kia", model: "Sportage", wmis: ["KND", "5XY"], bodyStyle: "suv", trims: ["LX", "EX", "SX", "X-Line"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["2.5L I4"], basePrice: 28000, years: [2012, 2026] },
  { make: "Subaru", model: "Outback", wmis: ["4S4"], bodyStyle: "wagon", trims: ["Base", "Premium", "Limited", "Onyx Edition", "Touring"], drivetrains: ["awd"], fuel: "gasoline", transmission: "cvt", engines: ["2.5L H4", "2.4L H4 Turbo"], basePrice: 30000, years: [2012, 2026] },
  { make: "Subaru", model: "Crosstrek", wmis: ["JF2", "4S4"], bodyStyle: "hatchback", trims: ["Base", "Premium", "Sport", "Limited"], drivetrains: ["awd"], fuel: "gasoline", transmission: "cvt", engines: ["2.0L H4", "2.5L H4"], basePrice: 26000, years: [2013, 2026] },
  { make: "Mazda", model: "CX-5", wmis: ["JM3"], bodyStyle: "suv", trims: ["Sport", "Touring", "Carbon Edition", "Grand Touring", "Signature"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["2.5L I4", "2.5L I4 Turbo"], basePrice: 29000, years: [2013, 2026] },
  { make: "Mazda", model: "MX-5 Miata", wmis: ["JM1"], bodyStyle: "convertible", trims: ["Sport", "Club", "Grand Touring"], drivetrains: ["rwd"], fuel: "gasoline", transmission: "manual", engines: ["2.0L I4"], basePrice: 30000, years: [2012, 2026] },
  { make: "Volkswagen", model: "Jetta", wmis: ["3VW"], bodyStyle: "sedan", trims: ["S", "SE", "Sport", "SEL"], drivetrains: ["fwd"], fuel: "gasoline", transmission: "automatic", engines: ["1.5L I4 Turbo"], basePrice: 22000, years: [2012, 2026] },
  { make: "Volkswagen", model: "Atlas", wmis: ["1V2"], bodyStyle: "suv", trims: ["SE", "SE with Technology", "SEL", "SEL Premium"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["2.0L I4 Turbo", "3.6L V6"], basePrice: 38000, years: [2018, 2026] },
  { make: "BMW", model: "X5", wmis: ["5UX"], bodyStyle: "suv", trims: ["sDrive40i", "xDrive40i", "xDrive50e", "M60i"], drivetrains: ["awd", "rwd"], fuel: "gasoline", transmission: "automatic", engines: ["3.0L I6 Turbo", "4.4L V8 Turbo"], basePrice: 66000, years: [2012, 2026] },
  { make: "BMW", model: "3 Series", wmis: ["WBA", "3MW"], bodyStyle: "sedan", trims: ["330i", "330i xDrive", "M340i"], drivetrains: ["rwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["2.0L I4 Turbo", "3.0L I6 Turbo"], basePrice: 45000, years: [2012, 2026] },
  { make: "Mercedes-Benz", model: "GLC", wmis: ["W1N", "WDC"], bodyStyle: "suv", trims: ["GLC 300", "GLC 300 4MATIC", "AMG GLC 43"], drivetrains: ["rwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["2.0L I4 Turbo"], basePrice: 48000, years: [2016, 2026] },
  { make: "Audi", model: "Q5", wmis: ["WA1"], bodyStyle: "suv", trims: ["Premium", "Premium Plus", "Prestige"], drivetrains: ["awd"], fuel: "gasoline", transmission: "automatic", engines: ["2.0L I4 Turbo"], basePrice: 46000, years: [2012, 2026] },
  { make: "Lexus", model: "RX 350", wmis: ["2T2", "JTJ"], bodyStyle: "suv", trims: ["Base", "Premium", "Luxury", "F Sport"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["3.5L V6", "2.4L I4 Turbo"], basePrice: 50000, years: [2012, 2026] },
  { make: "Tesla", model: "Model 3", wmis: ["5YJ", "7SA"], bodyStyle: "sedan", trims: ["Standard Range", "Long Range", "Performance"], drivetrains: ["rwd", "awd"], fuel: "electric", transmission: "automatic", engines: ["Electric"], basePrice: 40000, years: [2018, 2026] },
  { make: "Tesla", model: "Model Y", wmis: ["7SA", "5YJ"], bodyStyle: "suv", trims: ["Long Range", "Performance"], drivetrains: ["awd"], fuel: "electric", transmission: "automatic", engines: ["Electric"], basePrice: 45000, years: [2020, 2026] },
  { make: "Chrysler", model: "Pacifica", wmis: ["2C4"], bodyStyle: "minivan", trims: ["Touring", "Touring L", "Limited", "Pinnacle"], drivetrains: ["fwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["3.6L V6"], basePrice: 40000, years: [2017, 2026] },
  { make: "GMC", model: "Sierra 1500", wmis: ["1GT", "3GT"], bodyStyle: "truck", trims: ["Pro", "SLE", "Elevation", "SLT", "AT4", "Denali"], drivetrains: ["4wd", "rwd"], fuel: "gasoline", transmission: "automatic", engines: ["5.3L V8", "6.2L V8", "3.0L I6 Diesel"], basePrice: 40000, years: [2012, 2026] },
  { make: "Ford", model: "Transit", wmis: ["1FT"], bodyStyle: "van", trims: ["Cargo Van", "Crew Van", "Passenger Van XLT"], drivetrains: ["rwd", "awd"], fuel: "gasoline", transmission: "automatic", engines: ["3.5L V6"], basePrice: 46000, years: [2015, 2026] },
  { make: "Ford", model: "F-250 Super Duty", wmis: ["1FT"], bodyStyle: "truck", trims: ["XL", "XLT", "Lariat", "Platinum"], drivetrains: ["4wd"], fuel: "diesel", transmission: "automatic", engines: ["6.7L V8 Power Stroke Diesel"], basePrice: 46000, years: [2012, 2026] },
];

export const COLORS: { name: string; family: ColorFamily; weight: number }[] = [
  { name: "Oxford White", family: "white", weight: 8 },
  { name: "Summit White", family: "white", weight: 6 },
  { name: "Super White", family: "white", weight: 5 },
  { name: "Agate Black", family: "black", weight: 8 },
  { name: "Midnight Black Metallic", family: "black", weight: 6 },
  { name: "Crystal Black Pearl", family: "black", weight: 5 },
  { name: "Iconic Silver Metallic", family: "silver", weight: 5 },
  { name: "Lunar Silver Metallic", family: "silver", weight: 4 },
  { name: "Magnetic Gray Metallic", family: "gray", weight: 6 },
  { name: "Carbonized Gray", family: "gray", weight: 5 },
  { name: "Rapid Red Metallic", family: "red", weight: 3 },
  { name: "Soul Red Crystal", family: "red", weight: 3 },
  { name: "Velocity Blue", family: "blue", weight: 3 },
  { name: "Blueprint", family: "blue", weight: 2 },
  { name: "Cypress Green", family: "green", weight: 1 },
  { name: "Kalahari Bronze", family: "brown", weight: 1 },
  { name: "Sandstone Beige", family: "beige", weight: 1 },
  { name: "Sunset Orange", family: "orange", weight: 1 },
];

export const INTERIORS = ["Black Cloth", "Black Leather", "Gray Cloth", "Ash Leatherette", "Saddle Brown Leather", "Ivory Leather"];
