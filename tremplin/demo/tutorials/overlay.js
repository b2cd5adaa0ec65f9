// The tutorial's pointer and highlight, drawn over the page being filmed.
// Run through Playwright's page.evaluate (the DevTools protocol), which the page's
// Content-Security-Policy does not govern; it adds no <style> and no style attribute in
// markup, only CSSOM properties, which CSP allows. A manual popover keeps the overlay in
// the top layer, above a modal <dialog> and its backdrop.
(state) => {
  const ID = "tremplin-tutorial-overlay";
  const SVG = "http://www.w3.org/2000/svg";
  const css = (element, properties) => {
    for (const [name, value] of Object.entries(properties)) {
      element.style.setProperty(name, value, "important");
    }
  };
  let root = document.getElementById(ID);
  if (!root) {
    root = document.createElement("div");
    root.id = ID;
    root.setAttribute("aria-hidden", "true");
    root.setAttribute("popover", "manual");
    css(root, {
      position: "fixed", inset: "0", width: "100vw", height: "100vh", margin: "0",
      padding: "0", border: "0", background: "transparent", overflow: "visible",
      "pointer-events": "none", "z-index": "2147483647",
    });
    const highlight = document.createElement("div");
    highlight.dataset.part = "highlight";
    css(highlight, {
      position: "absolute", display: "none", "box-sizing": "border-box",
      border: "3px solid #e8590c", "border-radius": "8px",
      "box-shadow": "0 0 0 5px rgba(232, 89, 12, .28), 0 0 18px rgba(232, 89, 12, .45)",
    });
    const ring = document.createElement("div");
    ring.dataset.part = "ring";
    css(ring, {
      position: "absolute", display: "none", width: "38px", height: "38px",
      "margin-left": "-19px", "margin-top": "-19px", "border-radius": "50%",
      border: "3px solid #e8590c", background: "rgba(232, 89, 12, .25)",
    });
    const pointer = document.createElementNS(SVG, "svg");
    pointer.dataset.part = "pointer";
    pointer.setAttribute("width", "30");
    pointer.setAttribute("height", "30");
    pointer.setAttribute("viewBox", "0 0 24 24");
    const arrow = document.createElementNS(SVG, "path");
    arrow.setAttribute("d", "M3 2 L3 19 L7.5 14.8 L10.6 21.6 L13.6 20.3 L10.6 13.6 L16.8 13.6 Z");
    arrow.setAttribute("fill", "#111827");
    arrow.setAttribute("stroke", "#ffffff");
    arrow.setAttribute("stroke-width", "1.6");
    arrow.setAttribute("stroke-linejoin", "round");
    pointer.append(arrow);
    css(pointer, { position: "absolute", left: "0", top: "0", overflow: "visible" });
    root.append(highlight, ring, pointer);
    document.documentElement.append(root);
  }
  // Last in the top layer, so above a modal dialog opened since.
  if (!root.matches(":popover-open")) {
    root.showPopover();
  } else if (document.querySelector("dialog[open]")) {
    root.hidePopover();
    root.showPopover();
  }

  const [highlight, ring, pointer] = root.children;
  const box = state.highlight;
  if (box) {
    css(highlight, {
      display: "block", left: `${box.x - 6}px`, top: `${box.y - 6}px`,
      width: `${box.width + 12}px`, height: `${box.height + 12}px`,
    });
  } else {
    css(highlight, { display: "none" });
  }
  css(pointer, { transform: `translate(${state.x - 3}px, ${state.y - 2}px)` });
  css(ring, { display: state.pressed ? "block" : "none", left: `${state.x}px`, top: `${state.y}px` });
}
