// Names shared by the panels and the shell: the controls a link can hide for a simplified
// classroom view (hide=criterion,schedule), and the colour themes.

export const HIDEABLE_CONTROLS = ['model', 'scope', 'criterion', 'structure', 'schedule', 'layers', 'cap', 'anchor', 'finetune', 'presets', 'tour', 'share', 'experiment', 'theme'] as const;
export type HideableControl = (typeof HIDEABLE_CONTROLS)[number];

/** Whether a control is shown, given the hidden ones. */
export function shownFn(hidden: readonly HideableControl[]): (control: HideableControl) => boolean {
  return (control) => !hidden.includes(control);
}

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
