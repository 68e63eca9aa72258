# File errors carry Linux's errno numbers and texts (issue 23, item 3): open() on a missing file
# is [Errno 2], not Emscripten's 44.
import errno
import os
import pathlib
import shutil
import tempfile
import traceback


def t(label, f):
    try:
        print(label, 'OK', f())
    except OSError as e:
        print(label, type(e).__name__, e.errno, errno.errorcode.get(e.errno), e.filename, e.filename2, e)


os.mkdir('d')
with open('f.txt', 'w') as f:
    f.write('x')
with open('d/inside.txt', 'w') as f:
    f.write('y')
t('open missing', lambda: open('missing.txt'))
t('open missing rb', lambda: open('missing.txt', 'rb'))
t('open empty name', lambda: open(''))
t('stat missing', lambda: os.stat('missing.txt'))
t('remove missing', lambda: os.remove('missing.txt'))
t('listdir missing', lambda: os.listdir('missing-dir'))
t('chdir missing', lambda: os.chdir('missing-dir'))
t('rename missing', lambda: os.rename('missing.txt', 'other.txt'))
t('mkdir existing', lambda: os.mkdir('d'))
t('makedirs existing', lambda: os.makedirs('d'))
t('makedirs exist_ok', lambda: os.makedirs('d', exist_ok=True))
t('open dir', lambda: open('d'))
t('open dir for writing', lambda: open('d', 'w'))
t('listdir file', lambda: os.listdir('f.txt'))
t('open under file', lambda: open('f.txt/x'))
t('rmdir file', lambda: os.rmdir('f.txt'))
t('rmdir not empty', lambda: os.rmdir('d'))
t('close bad fd', lambda: os.close(999))
t('read bad fd', lambda: os.read(999, 1))
t('path read missing', lambda: pathlib.Path('missing.txt').read_text())
t('path mkdir existing', lambda: pathlib.Path('d').mkdir())
t('path exists missing', lambda: pathlib.Path('missing.txt').exists())
t('path is_dir under file', lambda: pathlib.Path('f.txt/x').is_dir())
t('rmtree missing', lambda: shutil.rmtree('missing-dir'))
t('isdir missing', lambda: os.path.isdir('missing-dir'))
try:
    open('missing.txt')
except FileNotFoundError as e:
    print(e.errno == errno.ENOENT, e.args)
    print(traceback.format_exc(), end='')
# stdlib modules compare errors with the errno module they imported: the same numbers
print(shutil.errno.ENOENT, tempfile._errno.EEXIST, shutil.errno is errno)
shutil.rmtree('d')
os.remove('f.txt')
open('missing.txt')
