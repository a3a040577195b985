const WINDOWS_CATEGORY = 'windows';

/** R27: the guest OS category name, compared case-insensitively with `Windows`. */
export function isWindowsGuest(guestOsCategoryName: string | null): boolean {
  return guestOsCategoryName?.toLowerCase() === WINDOWS_CATEGORY;
}
