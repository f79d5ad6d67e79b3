<?xml version="1.0" encoding="UTF-8"?>
<!-- DSK010 iothread-placement: by $action
     - move: iothread on a SCSI disk's <driver> goes to its virtio-scsi
       controller (index $controller) that has none;
     - remove: iothread on a disk or controller that takes none is dropped (a
       <driver> left empty goes away);
     - define: the I/O thread the domain lacks is defined.
     Moving or keeping an undefined I/O thread defines it (<iothreads>, created
     where libvirt writes it, after <vcpu>; or <iothreadids>).
     Contract: docs/fixes.md (identity transform + templates for the change).
     One finding per <driver>: only the finding's (gdn:target()) changes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <!-- "yes" when I/O thread $iothread is not defined (move, remove; a move
       then defines it, define always does). -->
  <xsl:param name="add_iothreads" select="'no'"/>
  <xsl:param name="action" select="'define'"/>
  <xsl:param name="iothread"/>
  <xsl:param name="controller" select="'0'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- move/remove: drop the attribute from the finding's <driver>. -->
  <xsl:template match="devices/*/driver[@iothread]">
    <xsl:choose>
      <xsl:when test="($action = 'move' or $action = 'remove') and gdn:target(.)">
        <xsl:if test="* or @*[name() != 'iothread' and namespace-uri() != 'urn:x-guardian:fixer']">
          <xsl:copy>
            <xsl:apply-templates select="@*[name() != 'iothread']|node()"/>
          </xsl:copy>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:copy>
          <xsl:apply-templates select="@*|node()"/>
        </xsl:copy>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- move: the virtio-scsi controller without an iothread gets it. -->
  <xsl:template match="devices/controller[@type='scsi']/driver[not(@iothread)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$action = 'move' and number(concat('0', ../@index)) = number($controller)">
        <xsl:attribute name="iothread"><xsl:value-of select="$iothread"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="devices/controller[@type='scsi'][not(driver)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$action = 'move' and number(concat('0', @index)) = number($controller)">
        <driver iothread="{$iothread}"/>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- lib/iothreads.xsl: the thread to define. -->
  <xsl:variable name="new_first" select="number($iothread)"/>
  <xsl:variable name="new_count"
                select="number($action = 'define' or ($action = 'move' and $add_iothreads = 'yes'))"/>

  <xsl:include href="lib/iothreads.xsl"/>
</xsl:stylesheet>
