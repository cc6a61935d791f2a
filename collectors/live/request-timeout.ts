/** How long a live collector waits for one answer before the request counts as unanswered. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
