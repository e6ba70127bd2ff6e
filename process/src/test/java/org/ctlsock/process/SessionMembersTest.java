package org.ctlsock.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionMembersTest {
    @Test
    void readsGroupAndSessionAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (a) b (c)) S 1 4000 4100 0 -1 4194560 0 0";
        assertThat(SessionMembers.belongs(stat, 4000)).isTrue();
        assertThat(SessionMembers.belongs(stat, 4100)).isTrue();
        assertThat(SessionMembers.belongs(stat, 1)).isFalse();
        assertThat(SessionMembers.belongs("4242 (zombie) Z 1 4000 4000 0", 4000)).as("a zombie has exited").isFalse();
    }

    @Test
    void tellsAnUnreapedMemberFromALivingOne() {
        assertThat(SessionMembers.belongsUnreaped("4242 (zombie) Z 1 4000 4000 0", 4000)).isTrue();
        assertThat(SessionMembers.belongsUnreaped("4242 (zombie) Z 1 4000 4000 0", 1)).as("another session's").isFalse();
        assertThat(SessionMembers.belongsUnreaped("4242 (a) b (c)) S 1 4000 4100 0", 4000)).as("a living one").isFalse();
    }
}
