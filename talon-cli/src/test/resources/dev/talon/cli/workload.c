/*
 * The known workload of LiveCaptureTest, compiled by the test under a unique name so its events are
 * found by proc.name. `workload DIR` does, in order:
 *   1. open(DIR/opened, O_WRONLY|O_CREAT|O_TRUNC, 0640), write "x", close
 *   2. rename(DIR/opened, DIR/renamed)
 *   3. TCP on 127.0.0.1: listen, connect, accept
 *   4. fork + execve(itself, ["workload", "exec-arg-1", "exec arg 2"]) -> exits 0
 *   5. fork + setuid(65534) in the child
 * and prints "pid P fd F listen L client C accepted A sport S dport D exec E setuid U".
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what) {
    perror(what);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "exec-arg-1") == 0) {
        return 0; /* the exec'd copy */
    }
    if (argc != 2) {
        fprintf(stderr, "usage: workload DIR\n");
        return 2;
    }
    char opened[4096], renamed[4096];
    snprintf(opened, sizeof opened, "%s/opened", argv[1]);
    snprintf(renamed, sizeof renamed, "%s/renamed", argv[1]);

    int fd = open(opened, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (fd < 0) die("open");
    if (write(fd, "x", 1) != 1) die("write");
    close(fd);

    if (rename(opened, renamed) != 0) die("rename");

    struct sockaddr_in a = {0};
    socklen_t len = sizeof a;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int l = socket(AF_INET, SOCK_STREAM, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 7) != 0) die("listen");
    if (getsockname(l, (struct sockaddr *)&a, &len) != 0) die("getsockname");
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
    int s = accept(l, NULL, NULL);
    if (s < 0) die("accept");
    struct sockaddr_in local = {0};
    len = sizeof local;
    getsockname(c, (struct sockaddr *)&local, &len);

    pid_t e = fork();
    if (e == 0) {
        char *args[] = {argv[0], "exec-arg-1", "exec arg 2", NULL};
        execv(argv[0], args); /* the test starts us by absolute path */
        _exit(127);
    }
    int st;
    waitpid(e, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) die("exec child");

    pid_t u = fork();
    if (u == 0) {
        _exit(setuid(65534) == 0 ? 0 : 1);
    }
    waitpid(u, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) die("setuid child");

    printf("pid %d fd %d listen %d client %d accepted %d sport %d dport %d exec %d setuid %d\n", (int)getpid(), fd,
           l, c, s, ntohs(local.sin_port), ntohs(a.sin_port), (int)e, (int)u);
    close(s);
    close(c);
    close(l);
    return 0;
}
