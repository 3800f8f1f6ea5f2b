import type { BodyStyle, VehicleFields } from "@forecourt/domain";
import { COLOR_HEX, esc } from "./format";

/** Side-view silhouettes (800×600 canvas, wheels drawn separately). */
const SHAPES: Record<"car" | "tall" | "truck", { body: string; wheels: [number, number] }> = {
  car: {
    body: "M130 420 L150 360 L260 340 L330 280 L500 275 L590 335 L680 350 L690 420 Z",
    wheels: [235, 575],
  },
  tall: {
    body: "M120 425 L125 330 L200 320 L260 245 L560 240 L640 320 L690 335 L695 425 Z",
    wheels: [230, 590],
  },
  truck: {
    body: "M100 425 L105 340 L330 335 L360 250 L500 248 L540 330 L700 340 L705 425 Z",
    wheels: [215, 600],
  },
};

function shapeFor(body: BodyStyle | null) {
  switch (body) {
    case "suv":
    case "van":
    case "minivan":
      return SHAPES.tall;
    case "truck":
      return SHAPES.truck;
    default:
      return SHAPES.car;
  }
}

/**
 * A placeholder photo: the car's colour and shape, its name and "Photo n of N". About 1.3 KB,
 * generated once per (vin, n) and cached by the site.
 */
export function photoSvg(v: VehicleFields, n: number, dealerName: string): string {
  const paint = COLOR_HEX[v.exteriorColorFamily ?? "other"];
  const shape = shapeFor(v.bodyStyle);
  const flip = n % 2 === 0 ? ' transform="translate(800 0) scale(-1 1)"' : "";
  const name = `${v.year} ${v.make} ${v.model}`;
  const sub = [v.trim, v.exteriorColor].filter(Boolean).join(" · ");
  const total = v.photos.length;
  const wheel = (x: number) =>
    `<circle cx="${x}" cy="425" r="48" fill="#1b1d20"/><circle cx="${x}" cy="425" r="22" fill="#9aa1a8"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600" role="img" aria-label="${esc(`${name}, photo ${n} of ${total}`)}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#e8eef4"/><stop offset="1" stop-color="#b4c3d3"/></linearGradient></defs>
<rect width="800" height="600" fill="url(#sky)"/><rect y="455" width="800" height="145" fill="#5f6b78"/>
<g${flip}><path d="${shape.body}" fill="${paint}" stroke="#2a2f35" stroke-width="4" stroke-linejoin="round"/>${wheel(shape.wheels[0])}${wheel(shape.wheels[1])}</g>
<text x="400" y="80" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="40" font-weight="700" fill="#1d2733">${esc(name)}</text>
<text x="400" y="125" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="26" fill="#34414f">${esc(sub)}</text>
<text x="40" y="570" font-family="Arial, Helvetica, sans-serif" font-size="22" fill="#ffffff">${esc(dealerName)}</text>
<text x="760" y="570" text-anchor="end" font-family="Arial, Helvetica, sans-serif" font-size="24" font-weight="700" fill="#ffffff">Photo ${n} of ${total}</text>
</svg>
`;
}
