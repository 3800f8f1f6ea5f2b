import { COLOR_FAMILIES, type ColorFamily } from "@forecourt/domain";

const PRIMARY_COLOURS: Record<string, ColorFamily> = {
  black: "black",
  white: "white",
  silver: "silver",
  gray: "gray",
  grey: "gray",
  red: "red",
  blue: "blue",
  green: "green",
  brown: "brown",
  beige: "beige",
  tan: "beige",
  gold: "gold",
  orange: "orange",
  yellow: "yellow",
  purple: "purple",
  violet: "purple",
};
const SECONDARY_COLOURS: Record<string, ColorFamily> = {
  ebony: "black",
  onyx: "black",
  obsidian: "black",
  jet: "black",
  midnight: "black",
  raven: "black",
  pearl: "white",
  ivory: "white",
  snow: "white",
  alabaster: "white",
  frost: "white",
  glacier: "white",
  platinum: "silver",
  chrome: "silver",
  aluminum: "silver",
  titanium: "silver",
  quicksilver: "silver",
  charcoal: "gray",
  graphite: "gray",
  gunmetal: "gray",
  slate: "gray",
  granite: "gray",
  steel: "gray",
  magnetic: "gray",
  ash: "gray",
  cement: "gray",
  smoke: "gray",
  maroon: "red",
  burgundy: "red",
  crimson: "red",
  ruby: "red",
  cherry: "red",
  scarlet: "red",
  cardinal: "red",
  wine: "red",
  garnet: "red",
  navy: "blue",
  cobalt: "blue",
  azure: "blue",
  sapphire: "blue",
  indigo: "blue",
  teal: "blue",
  aqua: "blue",
  lapis: "blue",
  cyan: "blue",
  olive: "green",
  emerald: "green",
  jade: "green",
  lime: "green",
  forest: "green",
  sage: "green",
  moss: "green",
  bronze: "brown",
  mocha: "brown",
  chocolate: "brown",
  espresso: "brown",
  copper: "brown",
  mahogany: "brown",
  walnut: "brown",
  caramel: "brown",
  cocoa: "brown",
  sand: "beige",
  khaki: "beige",
  cream: "beige",
  champagne: "beige",
  taupe: "beige",
  desert: "beige",
  mustang: "beige",
  amber: "orange",
  tangerine: "orange",
  sunset: "orange",
  lemon: "yellow",
  plum: "purple",
  lavender: "purple",
  amethyst: "purple",
  magenta: "purple",
};

/** Colour family for a free-text colour: the first basic colour word, else the first known shade, else "other". */
export function colorFamily(raw: string | null | undefined): ColorFamily | null {
  if (!raw || typeof raw !== "string") return null;
  const words = raw
    .slice(0, 200)
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  if (words.length === 0) return null;
  for (const w of words) if (PRIMARY_COLOURS[w]) return PRIMARY_COLOURS[w]!;
  for (const w of words) if (SECONDARY_COLOURS[w]) return SECONDARY_COLOURS[w]!;
  return "other";
}

/** Maps user words for colour filters ("grey", "Navy") onto families; unknown words are returned as null. */
export function colorFamilyFilter(raw: string): ColorFamily | null {
  const w = raw.trim().toLowerCase();
  if ((COLOR_FAMILIES as readonly string[]).includes(w)) return w as ColorFamily;
  const f = colorFamily(w);
  return f === "other" ? null : f;
}
