"""Why the operating system refused, in the user's language.

``OSError.strerror`` is English ("No such file or directory"); inside a Chinese sentence it was
the one English phrase left. The usual reasons are named here in both languages; others fall
back to the system's own words.
"""

from __future__ import annotations

import errno

from workbench.core.text import Text

_REASONS: dict[int, Text] = {
    errno.ENOENT: Text("no such file or folder", "文件或文件夹不存在"),
    errno.EACCES: Text("permission denied", "没有权限"),
    errno.EPERM: Text("operation not permitted", "不允许此操作"),
    errno.EISDIR: Text("it is a folder, not a file", "这是文件夹而不是文件"),
    errno.ENOTDIR: Text("a part of the path is not a folder", "路径中的某一段不是文件夹"),
    errno.ENOSPC: Text("the disk is full", "磁盘已满"),
    errno.EROFS: Text("the disk is read-only", "磁盘为只读"),
    errno.EEXIST: Text("it already exists", "已经存在"),
    errno.ENAMETOOLONG: Text("the name is too long", "名称太长"),
    errno.ELOOP: Text("too many symbolic links", "符号链接层数过多"),
    errno.EMFILE: Text("too many files are open", "打开的文件过多"),
    errno.EBUSY: Text("it is in use", "正被占用"),
    errno.EIO: Text("the disk reported an input/output error", "磁盘报告了输入/输出错误"),
    errno.EXDEV: Text("it cannot be moved across disks", "不能跨磁盘移动"),
    errno.EADDRINUSE: Text("the address is already in use", "地址已被占用"),
    errno.EADDRNOTAVAIL: Text("this computer has no such address", "本机没有这个地址"),
    errno.EINVAL: Text("the system refused it as invalid", "系统认为该值无效"),
    errno.ECONNREFUSED: Text("the connection was refused", "连接被拒绝"),
    errno.ETIMEDOUT: Text("the connection timed out", "连接超时"),
}


def os_reason(exc: OSError) -> Text:
    """The reason of ``exc`` in both languages (the system's words when it is not a usual one)."""
    known = _REASONS.get(exc.errno) if exc.errno is not None else None
    if known is not None:
        return known
    words = exc.strerror or type(exc).__name__
    return Text(words, words)
