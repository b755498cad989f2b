# Sourced by the release and guard scripts: gives them a private local Maven repository that holds none of
# this project's artifacts, so they work on a fresh machine (where nobody ran `install`) exactly as on a
# developer's (where a stale 0.1.0-SNAPSHOT may sit in ~/.m2), and add nothing to the user's repository.
#
#   . scripts/project-free-repo.sh
#   project_free_repo "$work"     # sets PRIVATE_REPO_ARGS, e.g. mvnw "${PRIVATE_REPO_ARGS[@]}" ...
#
# The sourcing script sets $root (the checkout, for its ./mvnw) before calling it.
#
# The private repository ("head") starts empty and is deleted with $work; anything it has to fetch stays in
# it. Third-party artifacts are read from the user's repository through Maven 3.9's read-only
# maven.repo.local.tail, seen through a view of symbolic links that leaves out io/github/sessionbridge. So a
# script that needs a sibling module must build it in its own reactor (-am) or install it into the head.

project_free_repo() { # work dir
    local work="$1" user head view entry
    user="${MAVEN_USER_REPO:-}"
    if [ -z "$user" ]; then
        user="$("$root/mvnw" -B -q -Dstyle.color=never org.apache.maven.plugins:maven-help-plugin:3.5.2:evaluate -Dexpression=settings.localRepository \
            -DforceStdout 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | tail -1 || true)"
        [ -d "$user" ] || user="$HOME/.m2/repository"
    fi
    head="$work/m2-head"
    view="$work/m2-tail"
    mkdir -p "$head" "$view/io/github"
    if [ -d "$user" ]; then
        for entry in "$user"/*; do
            [ -e "$entry" ] && [ "${entry##*/}" != io ] && ln -s "$entry" "$view/"
        done
        for entry in "$user"/io/*; do
            [ -e "$entry" ] && [ "${entry##*/}" != github ] && ln -s "$entry" "$view/io/"
        done
        for entry in "$user"/io/github/*; do
            [ -e "$entry" ] && [ "${entry##*/}" != sessionbridge ] && ln -s "$entry" "$view/io/github/"
        done
    fi
    PRIVATE_REPO_ARGS=("-Dmaven.repo.local=$head" "-Dmaven.repo.local.tail=$view")
    PRIVATE_REPO_USER="$user"
}
