package io.github.sessionbridge.protocol;

/** What a request asks the C server to do: the request line's {@code [flag]}. */
public enum Action {
    /** {@code [flag]=0}: stream the session live. */
    MONITOR('0'),
    /** {@code [flag]=1}: terminate the session. */
    KICK('1');

    private final char flag;

    Action(char flag) {
        this.flag = flag;
    }

    /**
     * The flag character sent on the wire.
     *
     * @return {@code '0'} for {@link #MONITOR}, {@code '1'} for {@link #KICK}
     */
    public char flag() {
        return flag;
    }

    /**
     * The action for a flag character.
     *
     * @param flag the character after {@code [flag]=} in a request line
     * @return {@link #MONITOR} for {@code '0'}, {@link #KICK} for {@code '1'}
     * @throws IllegalArgumentException if {@code flag} is neither {@code '0'} nor {@code '1'}
     */
    public static Action ofFlag(char flag) {
        return switch (flag) {
            case '0' -> MONITOR;
            case '1' -> KICK;
            default -> throw new IllegalArgumentException("unknown request flag '" + flag + "' (expected '0' or '1')");
        };
    }
}
