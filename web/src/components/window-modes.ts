/** Full screen and picture in picture for the call, each a toggle. */

export function toggleFullscreen(): Promise<void> {
  return document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
}

/** The other person's video in a floating window (the browser's), or back. */
export async function togglePictureInPicture(root: ParentNode): Promise<void> {
  if (document.pictureInPictureElement) return document.exitPictureInPicture();
  const tile = root.querySelector("fc-stage")?.shadowRoot?.querySelector("fc-video-tile.remote");
  await tile?.shadowRoot?.querySelector("video")?.requestPictureInPicture();
}
