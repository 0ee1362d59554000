// DOM helpers and the one door to the shell (`invoke`, `Channel`, used by
// ./commands.js alone). Text from disk or from the user is always set with
// textContent, never as markup.

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

export function button(text, onClick, className) {
  const b = el("button", className, text);
  b.type = "button";
  if (onClick) b.addEventListener("click", onClick);
  return b;
}

export function testid(node, id) {
  node.dataset.testid = id;
  return node;
}

/** Calls a shell command; rejects with `{code, message}`. Only ./commands.js calls it. */
export async function invoke(command, args) {
  return window.__TAURI__.core.invoke(command, args);
}

/** Calls `handler(payload)` for each `event` the shell emits. Only ./commands.js listens. */
export function listen(event, handler) {
  return window.__TAURI__.event.listen(event, (e) => handler(e.payload));
}

/** A progress channel calling `onMessage` for each ProgressWire. Only ./commands.js makes them. */
export function channel(onMessage) {
  const ch = new window.__TAURI__.core.Channel();
  ch.onmessage = onMessage;
  return ch;
}

/** True when keyboard focus is in a text field (shortcuts then leave keys alone). */
export function isTyping(target) {
  if (!target || !target.tagName) return false;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || target.isContentEditable) return true;
  if (tag === "SELECT") return true;
  if (tag === "INPUT") return !["checkbox", "radio", "button", "submit"].includes(target.type);
  return false;
}
