/** Tool names every provider accepts: letters, digits, `_` and `-`, 1 to 64 characters. */
export const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;
