/** The file whose age stands for the build's. */
export const BUILT: string;
/** Why `root` needs a build, or undefined when its build is current. */
export function staleReason(root: string): string | undefined;
