<?xml version="1.0" encoding="UTF-8"?>
<!-- DSK001 disk-bus-emulated: the IDE/SATA/FDC/USB disk moves to bus='scsi'
     on a virtio-scsi controller (index $controller, declared when missing),
     target dev $dev, with a drive address on that controller instead of the
     old bus's address. Unsafe: the guest needs the VirtIO SCSI driver first.
     Contract: docs/fixes.md (identity transform + templates for the change).
     One finding per disk: only the finding's disk (gdn:target()) moves. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:include href="lib/scsi-disk.xsl"/>
</xsl:stylesheet>
