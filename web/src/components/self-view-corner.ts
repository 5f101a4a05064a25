import type { Corner } from "../media/preferences.js";

/** Moving the self view between the stage's corners: by where it was dropped, or by arrow key. */

/** The corner of a `width`×`height` box whose quadrant holds the point (x, y), box-relative. */
export function cornerAt(x: number, y: number, width: number, height: number): Corner {
  const vertical = y < height / 2 ? "top" : "bottom";
  const horizontal = x < width / 2 ? "left" : "right";
  return `${vertical}-${horizontal}`;
}

/** Left and right change the side, up and down the edge; null for any other key. */
export function cornerAfterKey(corner: Corner, key: string): Corner | null {
  const [vertical, horizontal] = corner.split("-") as ["top" | "bottom", "left" | "right"];
  switch (key) {
    case "ArrowLeft":
      return `${vertical}-left`;
    case "ArrowRight":
      return `${vertical}-right`;
    case "ArrowUp":
      return `top-${horizontal}`;
    case "ArrowDown":
      return `bottom-${horizontal}`;
    default:
      return null;
  }
}
