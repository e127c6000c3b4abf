"""Removes the signature files from every signed jar in the given folder, in place.

The JVM's class data sharing skips classes of signed jars ("Skipping ...: Signed JAR"), so each driver and
executor parsed and verified Spark's code generator (janino, commons-compiler: 439 classes) from its jars
at the first query. Spark does not check these signatures.
"""
import glob
import os
import sys
import zipfile


def is_signature(name):
    folder, _, file_name = name.rpartition("/")
    return folder == "META-INF" and file_name.upper().endswith((".SF", ".RSA", ".DSA", ".EC"))


def unsign(jar):
    with zipfile.ZipFile(jar) as source:
        if not any(is_signature(item.filename) for item in source.infolist()):
            return False
        rewritten = jar + ".unsigned"
        with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                if not is_signature(item.filename):
                    target.writestr(item, source.read(item.filename))
    os.replace(rewritten, jar)
    return True


unsigned = [os.path.basename(jar) for jar in sorted(glob.glob(os.path.join(sys.argv[1], "*.jar"))) if unsign(jar)]
print("unsigned: " + (", ".join(unsigned) or "none"))
